import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import ts from 'typescript';
import { validatePayload } from '@/common/validation/validate-payload';
import { ChannelRegistry, EmptyPayload } from '@/workflows';
import { apiFor } from '../support/api';
import { CONFISCATION_PAYLOADS as C } from '../support/confiscation';
import { MATRIX_ROUTES, PUBLIC_DOCS_ROUTES, registeredRoutes } from '../support/routes';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The OpenAPI document is complete enough to program against: every route with its error answers, every
 * payload schema, one path per action, and a client generated from /docs-json by openapi-typescript (used
 * with openapi-fetch) type-checks a call of every action of every channel, and refuses wrong bodies.
 */

type Json = Record<string, any>;

/** A valid body per payload class (each is checked against the class itself below, as the engine does). */
const SAMPLE_BODIES: Record<string, Json> = {
  EmptyPayload: {},
  RequestInformationPayload: { questions: 'Which time zone do the log times use?' },
  ProvideInformationPayload: { answers: 'UTC+7 throughout.' },
  OpenConsultationPayload: { intendedOutcome: 'postpone', reasons: 'A domestic search is planned first.' },
  ProposeConditionsPayload: {
    conditions: [{ type: 'USE_LIMIT', text: 'Only for the proceedings named in the request' }],
  },
  PostponePayload: {
    reasons: 'Execution would disturb our own investigation.',
    until: '2099-01-31T00:00:00Z',
  },
  RefusePayload: { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Execution would prejudice our sovereignty.' },
  TransmitResultsPayload: {
    final: true,
    summary: 'Subscriber information and access logs of the mailbox',
    items: [{ name: 'subscriber.csv', sha256: 'ab'.repeat(32), size: 2048 }],
  },
  WithdrawPayload: { reasons: 'The suspect was identified by other means.' },
  QueryStatusPayload: { question: 'When can we expect the results?' },
  AnswerStatusPayload: { answer: 'The provider answers next week.' },
  NotifyDelayPayload: { reasons: 'The provider contests the order.', expectedBy: '2099-03-01T00:00:00Z' },
  StartCollectionPayload: { authorisationReference: 'LG Wien 331 HR 12/26', endsAt: '2099-03-31T00:00:00Z' },
  RequestRenewalPayload: { requestedEnd: '2099-04-30T00:00:00Z', justification: 'New accomplices appeared.' },
  GrantRenewalPayload: { endsAt: '2099-04-15T00:00:00Z', authorisationReference: 'LG Wien 331 HR 13/26' },
  DeclineRenewalPayload: { reasons: 'A longer period would not be proportionate.' },
  SuspendCollectionPayload: { reasons: 'The court order is under appeal.' },
  ResumeCollectionPayload: { authorisationReference: 'OLG Wien 2/26' },
  StopCollectionPayload: { reasons: 'The suspect was arrested.' },
  DeliverBatchPayload: {
    summary: 'Call detail records, first week',
    items: [{ name: 'cdr-week-1.csv', sha256: 'ee'.repeat(32), size: 20480 }],
    coveredFrom: '2099-03-01T00:00:00Z',
    coveredTo: '2099-03-08T00:00:00Z',
  },
  CompleteExecutionPayload: { summary: 'Three batches of traffic data were delivered.' },
  StartPreservationPayload: { orderReference: 'AT-PO-2026-0017' },
  PreservationRefusePayload: { grounds: ['DOMESTIC_PROHIBITION'], reasons: 'Our law forbids this measure.' },
  IssueWarningPayload: { concern: 'CONFIDENTIALITY_AT_RISK', reasons: 'The custodian may tell the user.' },
  ConfirmPreservationPayload: { custodianConfirmation: 'Example Mail GmbH confirmed on 2 March.' },
  RequestExtensionPayload: { reasons: 'The MLA request is still being translated.' },
  GrantExtensionPayload: { days: 30 },
  DeclineExtensionPayload: { reasons: 'No further extension is possible under our law.' },
  DiscloseTrafficDataPayload: {
    providerName: 'Accra Hosting Ltd',
    providerCountry: 'GHA',
    trafficData: 'Connections from 41.66.0.1 on 3 March, 02:14-02:31 UTC',
  },
  WithholdTrafficDataPayload: {
    providerCountry: 'GHA',
    grounds: ['ESSENTIAL_INTERESTS'],
    reasons: 'Disclosure would prejudice our essential interests.',
  },
  ExecuteProvisionalArrestPayload: {
    measure: 'custody',
    details: 'Held at the Vienna police detention centre',
  },
  OpenJudicialReviewPayload: { court: 'Landesgericht für Strafsachen Wien', caseReference: '31 HR 17/26' },
  AcceptAccessoryOffencesPayload: { offenceIndexes: [1] },
  ExtraditionConsultationPayload: { reasons: 'The person is a national of the requested State.' },
  SubmitViewsPayload: { views: 'We undertake to return the person to serve any sentence.' },
  GrantWithConditionsPayload: {
    conditions: [{ type: 'OTHER', text: 'The person is returned to serve any sentence imposed' }],
  },
  ExtraditionRefusePayload: { grounds: ['NATIONALITY'], reasons: 'Our constitution forbids it.' },
  RequestDomesticProsecutionPayload: { reasons: 'Refused solely on the ground of nationality.' },
  ReportProsecutionOutcomePayload: { outcome: 'convicted', details: 'Sentenced to three years on 4 May.' },
  SurrenderPayload: { arrangements: 'Vienna airport, 12 June, 09:00' },
  AcknowledgeTicketPayload: { handledBy: 'Insp. Huber, duty officer' },
  RouteTicketPayload: { to: 'competent-authority', authority: 'Bundeskriminalamt C4 cybercrime' },
  AnswerTicketPayload: {
    kind: 'emergency-data',
    answer: 'Last login from a handset in cell 4711, Graz',
    items: [{ name: 'logins.csv', sha256: 'ef'.repeat(32), size: 812 }],
  },
  DeclineConditionsPayload: { reasons: 'Our courts must be able to see the source.', unacceptable: [0] },
  ReviseConditionsPayload: {
    conditions: [{ type: 'USE_LIMIT', text: 'Only for the investigation of the group' }],
  },
  TransmitInformationPayload: {
    summary: 'Chat logs of the group',
    items: [{ name: 'chat-logs.zip', sha256: 'cd'.repeat(32), size: 52031 }],
  },
  CancelOfferPayload: { reasons: 'Our own investigation would be prejudiced.' },
  LogUsePayload: {
    use: 'opened-investigation',
    details: 'Investigation opened',
    proceedingReference: '12 St 40/26',
  },
  NotifyExculpatoryDisclosurePayload: {
    disclosure: 'A log shows a co-accused was not involved',
    disclosureDate: '2099-05-01T10:00:00Z',
  },
  FreezePayload: C.freeze(),
  ConfiscationConsultationPayload: C['open-consultation'](),
  ConfiscationRefusePayload: C.refuse(),
  ProposeLiftPayload: { ...C['propose-lift'](), respondBy: '2099-02-01T00:00:00Z' },
  ArgueAgainstLiftPayload: C['argue-against-lift'](),
  KeepFrozenPayload: C['keep-frozen'](),
  LiftPayload: C.lift(),
  RequestConfiscationPayload: C['request-confiscation'](),
  ObtainOrderPayload: C['obtain-order'](),
  RecogniseOrderPayload: C['recognise-order'](),
  EnforcePayload: C.enforce(),
  DecideDisposalPayload: C['decide-disposal'](),
  RecordThirdPartyClaimPayload: C['record-third-party-claim'](),
  ResolveThirdPartyClaimPayload: C['resolve-third-party-claim'](),
  RecordConsentPayload: {
    givenAt: '2026-03-02T09:00:00Z',
    givenBy: 'sentenced-person',
    obtainedHow: 'in-writing-before-judge',
    informedOfConsequences: true,
  },
  RefuseConsentPayload: { refusedAt: '2026-03-02T09:00:00Z', obtainedHow: 'in-writing-before-judge' },
  VerifyConsentPayload: {
    verifiedAt: '2026-03-05T10:00:00Z',
    method: 'consul',
    verifiedBy: 'Consul of Austria in Ha Noi',
    confirmed: true,
  },
  AgreeTransferPayload: { terms: 'Continued enforcement in Austria', enforcement: 'continued' },
  DeclineTransferPayload: { reasons: 'Less than six months of the sentence would remain.' },
  ExecuteTransferPayload: { executedAt: '2026-04-01T08:00:00Z', place: 'Vienna International Airport' },
  AcknowledgeReceiptPayload: {
    receivedAt: '2026-04-01T12:00:00Z',
    domesticReference: 'StA Wien 12 St 1/26',
    authority: 'Justizanstalt Wien-Josefstadt',
  },
  ReportOutcomePayload: { outcome: 'conditional-release', details: 'Released on parole on 1 May 2028.' },
  DeclineTeamPayload: { reasons: 'No investigation of this botnet is open here.' },
  ProposeTermsPayload: {
    terms: {
      purpose: 'Identify the operators of the botnet',
      startDate: '2027-01-15',
      endDate: '2027-07-15',
      members: [
        {
          partyAuthorityId: '5b0c7a9e-2d51-4f7a-9a39-3a1e0e7b9d11',
          name: 'Dr. Huber',
          function: 'Prosecutor',
          role: 'leader',
        },
      ],
      costs: 'Each party bears its own costs',
    },
  },
  SignAgreementPayload: { termsVersion: 2, signatory: 'Dr. Huber, senior prosecutor' },
  RecordActivityPayload: {
    kind: 'arrest-or-search',
    hostAuthorityId: '5b0c7a9e-2d51-4f7a-9a39-3a1e0e7b9d11',
    date: '2027-02-03',
    summary: 'Search of the hosting provider',
    hostAuthorisation: 'Order 2027/17 of the host prosecutor',
  },
  ProposeExtensionPayload: { newEndDate: '2027-12-31', reasons: 'Further servers found' },
  DeclineTeamExtensionPayload: { reasons: 'Our members are needed elsewhere.' },
  LeaveTeamPayload: { reasons: 'Our part of the case is closed.' },
  EndTeamPayload: { reasons: 'The operators were identified and arrested.' },
  EvaluateTeamPayload: { assessment: 'Three servers seized, two arrests', lessons: 'Agree costs earlier' },
  WithdrawProposalPayload: { reasons: 'A treaty-based team was set up instead.' },
};

/**
 * The body with one field of the wrong type (a string where it takes a number, else a number), or `{}` with
 * a field. Where channels share the action name, the field is one every one of their payloads has: the body
 * type is then the union of those payloads, which a field of one of them only would still satisfy.
 */
function wrongBody(body: Json, sharedBy: Json[]): Json {
  const key = Object.keys(body).find((k) => sharedBy.every((other) => k in other));
  if (key === undefined) {
    return { notAField: 1 };
  }
  return { ...body, [key]: typeof body[key] === 'number' ? 'not a number' : 42 };
}

/** Every 4xx the document must give a route, from what the route is (its access rule, parameters, body). */
function requiredErrors(route: string, op: Json, isPublic: boolean): string[] {
  const statuses = ['429', '500'];
  if (!isPublic) {
    statuses.push('401', '403', '503');
  }
  if (/:id\b|:attachmentId\b/.test(route)) {
    statuses.push('400', '404');
  }
  if (op.requestBody?.content?.['application/json']) {
    statuses.push('400', '413');
  }
  if (op.parameters?.some((p: Json) => p.in === 'header' && p.name === 'If-Match')) {
    statuses.push('412');
  }
  return [...new Set(statuses)].sort();
}

/** `METHOD /a/:b` -> ['method', '/a/{b}']. */
function openApiKey(route: string): [string, string] {
  const [method, path] = route.split(' ');
  return [method.toLowerCase(), path.replace(/:([A-Za-z]+)/g, '{$1}')];
}

/** Every `$ref` in the document. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v) => refsIn(v, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        out.push(v);
      } else {
        refsIn(v, out);
      }
    }
  }
  return out;
}

interface ActionCall {
  channel: string;
  action: string;
  payload: string;
}

describe('OpenAPI document: complete enough to generate a typed client', () => {
  let t: TestApp;
  let doc: Json;
  let workflows: Json[];
  let calls: ActionCall[];

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    const res = await apiFor(t, null).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Json;
    workflows = (await apiFor(t, t.adminToken).get('/v1/workflows')).body as Json[];
    calls = workflows.flatMap((w) =>
      (w.actions as Json[])
        .filter((a) => a.actors.length > 0)
        .map((a) => ({ channel: w.channel, action: a.action, payload: a.payload ?? 'EmptyPayload' })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  /** A response, or the shared one it refers to (components.responses). */
  const responseOf = (response: Json): Json =>
    response.$ref
      ? doc.components.responses[String(response.$ref).replace('#/components/responses/', '')]
      : response;

  it('should describe every route the app serves, with every error it can answer and the error body', () => {
    const served = new Map(registeredRoutes(t.app).map((r) => [r.route, r]));
    const problems: string[] = [];
    const routes = [...new Set([...MATRIX_ROUTES, ...served.keys()])].filter(
      (r) => !PUBLIC_DOCS_ROUTES.test(r),
    );
    expect(routes.length).toBeGreaterThanOrEqual(32);
    for (const route of routes) {
      const [method, path] = openApiKey(route);
      const op = doc.paths[path]?.[method] as Json | undefined;
      if (!op) {
        problems.push(`${route}: not in the document`);
        continue;
      }
      const rule = served.get(route)?.rule;
      const isPublic = rule !== undefined && 'public' in rule;
      const missing = requiredErrors(route, op, isPublic).filter((s) => !op.responses[s]);
      if (missing.length > 0) {
        problems.push(`${route}: no ${missing.join(', ')}`);
      }
      if (!Object.keys(op.responses as Json).some((s) => /^2\d\d$/.test(s))) {
        problems.push(`${route}: no success response`);
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        if (!/^[45]/.test(status) || (route.startsWith('GET /health') && status === '503')) {
          continue;
        }
        const ref = responseOf(response).content?.['application/json']?.schema?.$ref as string | undefined;
        const schema = ref ? doc.components.schemas[ref.replace('#/components/schemas/', '')] : undefined;
        const needed = [
          'statusCode',
          'error',
          'message',
          'code',
          'requestId',
          ...(status === '500' ? ['errorId'] : []),
        ];
        if (!schema || needed.some((f) => !schema.required?.includes(f))) {
          problems.push(`${route} ${status}: not the error body (${ref ?? 'no JSON schema'})`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Bodies of the statuses with details of their own.
    const act = doc.paths['/v1/requests/{id}/actions/{action}'].post.responses;
    const bodyOf = (status: string) => responseOf(act[status]).content['application/json'].schema.$ref;
    expect(bodyOf('400')).toBe('#/components/schemas/ValidationErrorResponse');
    expect(doc.components.schemas.ValidationErrorResponse.properties.details).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/FieldProblemResponse' },
    });
    expect(doc.components.schemas.FieldProblemResponse.required).toEqual(['field', 'messages']);
    expect(bodyOf('409')).toBe('#/components/schemas/ConflictErrorResponse');
    expect(bodyOf('412')).toBe('#/components/schemas/VersionMismatchErrorResponse');
    expect(doc.components.schemas.VersionMismatchDetails.properties.currentVersion.type).toBe('integer');
    expect(bodyOf('500')).toBe('#/components/schemas/InternalErrorResponse');
    for (const code of ['VALIDATION_FAILED', 'INCOMPLETE_REQUEST', 'UNKNOWN_ACTION']) {
      expect(responseOf(act['400']).description).toContain(code);
    }
    expect(responseOf(act['429']).headers['Retry-After']).toBeDefined();
  });

  it('should document no operation the app does not serve', () => {
    const extra: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of Object.keys(item)) {
        const concrete = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const route = MATRIX_ROUTES.find((r) => {
          const [m, pattern] = r.split(' ');
          return (
            m === method.toUpperCase() &&
            new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(concrete)
          );
        });
        if (!route) {
          extra.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(extra).toEqual([]);
  });

  it('should name every payload class of GET /v1/workflows among its schemas, with their nested schemas', () => {
    const schemas = doc.components.schemas as Record<string, Json>;
    const named = [
      ...new Set(workflows.flatMap((w) => (w.actions as Json[]).map((a) => a.payload as string | null))),
    ];
    const payloads = named.filter((n): n is string => n !== null);
    expect(payloads.length).toBeGreaterThanOrEqual(30);
    expect(payloads.filter((n) => !schemas[n])).toEqual([]);
    // Every reference resolves (a generator fails on the first that does not).
    const resolves = (ref: string) =>
      ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<Json | undefined>((node, key) => node?.[key], doc) !== undefined;
    const dangling = refsIn(doc).filter((r) => !r.startsWith('#/components/') || !resolves(r));
    expect([...new Set(dangling)]).toEqual([]);
    // Nested DTOs, enums and formats, as the validators read them.
    expect(schemas.TransmitResultsPayload.properties.items).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/EvidenceItemDto' },
    });
    expect(schemas.EvidenceItemDto.properties.attachmentId.format).toBe('uuid');
    expect(schemas.GrantWithConditionsPayload.properties.conditions.items.$ref).toBe(
      '#/components/schemas/ConditionDto',
    );
    expect(schemas.ConditionDto.properties.type.enum).toContain('CONFIDENTIALITY');
    expect(schemas.ExtraditionRefusePayload.properties.grounds.items.enum).toContain('NATIONALITY');
    expect(schemas.PostponePayload.properties.until.format).toBe('date-time');
    expect(schemas.ExtraditionDetailsDto.properties.offences.items.$ref).toBe(
      '#/components/schemas/ExtraditionOffenceDto',
    );
    expect(schemas.ExtraditionDetailsDto.properties.warrant.$ref).toBe('#/components/schemas/WarrantDto');
    expect(schemas.WarrantDto.properties.date.format).toBe('date');
    expect(schemas.MlaDetailsDto.properties.items.items.$ref).toBe('#/components/schemas/MlaItemDto');
    // GET /v1/workflows gives each action a title for people.
    const actions = workflows.flatMap((w) => w.actions as Json[]);
    expect(actions.filter((a) => typeof a.title !== 'string' || a.title === '')).toEqual([]);
    expect(actions.find((a) => a.action === 'request-information')?.title).toBe('Request information');
  });

  it("should name each channel's details schema and the kinds of authority it goes to in GET /v1/workflows", () => {
    const schemas = doc.components.schemas as Record<string, Json>;
    const byChannel = Object.fromEntries(workflows.map((w) => [w.channel as string, w]));
    expect(byChannel.mla).toMatchObject({ details: 'MlaDetailsDto', requestedAuthorityKinds: ['central'] });
    expect(byChannel.preservation).toMatchObject({
      details: 'PreservationDetailsDto',
      requestedAuthorityKinds: ['contact-24-7', 'central'],
    });
    expect(byChannel.extradition.details).toBe('ExtraditionDetailsDto');
    expect(byChannel.transfer).toMatchObject({
      details: 'TransferDetailsDto',
      requestedAuthorityKinds: ['central'],
    });
    expect(byChannel['real-time-collection']).toMatchObject({
      details: 'RealTimeCollectionDetailsDto',
      requestedAuthorityKinds: ['central'],
    });
    // A form can be built from each: the schema is in the document.
    expect(workflows.filter((w) => !schemas[w.details as string])).toEqual([]);
  });

  it('should not claim the opaque bearer tokens are JWTs', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
    expect(JSON.stringify(doc)).not.toMatch(/JWT/);
  });

  it('should give every user action its own path, with its payload as the body', () => {
    const generic = doc.paths['/v1/requests/{id}/actions/{action}'].post as Json;
    const byAction = new Map<string, ActionCall[]>();
    for (const c of calls) {
      byAction.set(c.action, [...(byAction.get(c.action) ?? []), c]);
    }
    expect(byAction.size).toBeGreaterThanOrEqual(40);
    for (const [action, rows] of byAction) {
      const op = doc.paths[`/v1/requests/{id}/actions/${action}`]?.post as Json;
      expect({ action, op: op !== undefined }).toEqual({ action, op: true });
      const refs = [...new Set(rows.map((r) => `#/components/schemas/${r.payload}`))];
      const schema = op.requestBody.content['application/json'].schema;
      expect({ action, refs: schema.$ref ? [schema.$ref] : schema.anyOf.map((s: Json) => s.$ref) }).toEqual({
        action,
        refs,
      });
      expect(op.summary).toBeTruthy();
      expect(op.responses).toEqual(generic.responses);
      expect(op.parameters.map((p: Json) => `${p.in} ${p.name}`).sort()).toEqual([
        'header If-Match',
        'path id',
      ]);
      expect(op.security).toEqual(generic.security);
    }
    expect(generic.parameters.find((p: Json) => p.name === 'action').schema.enum.sort()).toEqual(
      [...byAction.keys()].sort(),
    );
    // System-only actions (delivery, clocks) are not callable, hence not documented as paths.
    const systemOnly = workflows.flatMap((w) =>
      (w.actions as Json[]).filter((a) => a.actors.length === 0).map((a) => a.action as string),
    );
    expect(systemOnly.length).toBeGreaterThan(0);
    expect(
      systemOnly.filter((a) => byAction.has(a) === false && doc.paths[`/v1/requests/{id}/actions/${a}`]),
    ).toEqual([]);
    // The same shapes the request schema says (summary from the action's description).
    const submit = doc.paths['/v1/requests/{id}/actions/request-information'].post as Json;
    expect(submit.summary).toBe(
      workflows.flatMap((w) => w.actions as Json[]).find((a) => a.action === 'request-information')
        ?.description,
    );
    expect(submit.requestBody.required).toBe(true);
  });

  it('should have a valid sample body for every payload, as the engine validates it', async () => {
    const registry = t.app.get(ChannelRegistry);
    const problems: string[] = [];
    for (const c of calls) {
      const body = SAMPLE_BODIES[c.payload];
      if (!body) {
        problems.push(`${c.channel} ${c.action}: no sample body for ${c.payload} in SAMPLE_BODIES`);
        continue;
      }
      const rule = registry.rule(c.channel, c.action);
      try {
        await validatePayload(rule?.payload ?? EmptyPayload, structuredClone(body));
      } catch (err) {
        problems.push(`${c.channel} ${c.action}: ${JSON.stringify((err as { details?: unknown }).details)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should generate a client (openapi-typescript) that type-checks a call of every action and refuses bad bodies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    try {
      // The generated code resolves openapi-fetch (and the generator its own packages) from the project.
      symlinkSync(resolve(__dirname, '../../node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      // openapi-typescript is an ES module (so are some of its dependencies): run its programmatic API in
      // a child Node process rather than through Jest's CommonJS loader.
      writeFileSync(
        join(dir, 'generate.mjs'),
        [
          "import { readFileSync, writeFileSync } from 'node:fs';",
          "import openapiTS, { astToString } from 'openapi-typescript';",
          "const schema = JSON.parse(readFileSync('openapi.json', 'utf8'));",
          "writeFileSync('api.ts', astToString(await openapiTS(schema)));",
        ].join('\n'),
      );
      await promisify(execFile)(process.execPath, ['generate.mjs'], { cwd: dir });

      const header = [
        "import createClient from 'openapi-fetch';",
        "import type { paths } from './api';",
        "const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:9' });",
        "const id = '00000000-0000-4000-8000-000000000000';",
        '',
      ];
      const call = (c: ActionCall, body: unknown) =>
        `  await client.POST('/v1/requests/{id}/actions/${c.action}', { params: { path: { id }, header: { 'If-Match': '"3"' } }, body: ${JSON.stringify(body)} }); // ${c.channel}`;
      const file = (name: string, lines: string[]) => {
        writeFileSync(
          join(dir, name),
          [...header, 'export async function run(): Promise<void> {', ...lines, '}', ''].join('\n'),
        );
        return join(dir, name);
      };
      const good = file(
        'every-action.ts',
        calls.map((c) => call(c, SAMPLE_BODIES[c.payload])),
      );
      const wrongType = file('wrong-type.ts', [
        "  const res = await client.POST('/v1/requests/{id}/actions/request-information', { params: { path: { id } }, body: { questions: 42 } });",
        '  if (res.error) { const code: string = res.error.code; void code; }',
        '  if (res.data) { const version: number = res.data.version; void version; }',
      ]);
      const everyWrong = file(
        'every-action-wrong-type.ts',
        calls.map((c) =>
          call(
            c,
            wrongBody(
              SAMPLE_BODIES[c.payload],
              calls.filter((o) => o.action === c.action).map((o) => SAMPLE_BODIES[o.payload]),
            ),
          ),
        ),
      );

      const program = ts.createProgram([good, wrongType, everyWrong], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        skipLibCheck: true,
      });
      const diagnostics = (path: string) =>
        ts.getPreEmitDiagnostics(program, program.getSourceFile(path)).map((d) => ({
          code: d.code,
          line: d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0,
          text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
        }));

      // The generated types know the error body and the request (res.error.code, res.data.version).
      expect(diagnostics(good)).toEqual([]);
      expect(calls.length).toBeGreaterThanOrEqual(44);

      const wrong = diagnostics(wrongType);
      expect(wrong).toHaveLength(1);
      expect(wrong[0]).toMatchObject({ code: 2322, line: header.length + 2 });
      expect(wrong[0].text).toMatch(/'number' is not assignable to type 'string'/);

      // Every action's body is typed: a wrong type in it (a field where the body takes none) is refused.
      const refused = diagnostics(everyWrong);
      expect([...new Set(refused.map((d) => d.line))]).toEqual(calls.map((_, i) => header.length + 2 + i));
      expect(refused.every((d) => [2322, 2353].includes(d.code))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should serve the browsable page of the document', async () => {
    const page = await request(t.baseUrl).get('/docs').redirects(1);
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
  });
});
