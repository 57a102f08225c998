import type { OpenAPIObject } from '@nestjs/swagger';
import { ACTION_TAG, addActionPaths } from './openapi-action-paths';
import { actionTitle } from './workflow-description';
import type { ChannelDefinition, TransitionRule } from './workflow.types';

class AskPayload {
  questions!: string;
}
class RefuseA {
  reasons!: string;
}
class RefuseB {
  grounds!: string[];
}
class OptionalOnly {
  note?: string;
}

function rule(action: string, extra: Partial<TransitionRule> = {}): TransitionRule {
  return {
    action,
    from: ['OPEN'],
    to: ['DONE'],
    actors: [{ side: 'requested', roles: ['approver'] }],
    basis: 'Art. 1',
    description: `Do ${action}`,
    ...extra,
  };
}

function channel(name: string, transitions: TransitionRule[]): ChannelDefinition {
  return {
    channel: name,
    title: `The ${name} channel`,
    queue: name,
    machine: { channel: name, initial: 'OPEN', states: ['OPEN', 'DONE'], terminal: ['DONE'], transitions },
    detailsSchema: class {},
    requestedAuthorityKinds: ['central'],
    missingForSubmission: () => [],
  };
}

const ERRORS = { '404': { description: 'Not found' }, '412': { description: 'Stale' } };

/** What Nest documents for the generic route, and a route after it. */
function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/requests/{id}': { get: { responses: {} } },
      '/v1/requests/{id}/actions/{action}': {
        post: {
          operationId: 'RequestsController_act',
          summary: 'Perform a lifecycle action',
          tags: ['requests'],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'action', in: 'path', required: true, schema: { type: 'string', example: 'submit' } },
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'The request' }, ...ERRORS },
          security: [{ bearer: [] }],
        },
      },
      '/v1/requests/{id}/history': { get: { responses: {} } },
    },
    components: {
      schemas: {
        EmptyPayload: { type: 'object', properties: {} },
        AskPayload: {
          type: 'object',
          properties: { questions: { type: 'string' } },
          required: ['questions'],
        },
        RefuseA: { type: 'object', properties: { reasons: { type: 'string' } }, required: ['reasons'] },
        RefuseB: { type: 'object', properties: { grounds: { type: 'array' } }, required: ['grounds'] },
        OptionalOnly: { type: 'object', properties: { note: { type: 'string' } } },
      },
    },
  };
}

const registry = (...defs: ChannelDefinition[]) => ({ all: () => defs });

describe('addActionPaths', () => {
  const alpha = channel('alpha', [
    rule('ask', { payload: AskPayload }),
    rule('refuse', { payload: RefuseA, availableWhen: { test: () => true, reason: 'it was settled' } }),
    rule('note', { payload: OptionalOnly, keepsStatus: true, to: [] }),
    rule('arrive', { actors: [], system: true }),
    rule('resume', { system: true, title: 'Resume review' }),
  ]);
  const beta = channel('beta', [
    rule('refuse', { payload: RefuseB, description: 'Refuse narrowly' }),
    rule('close'),
  ]);

  it('adds one POST path per user action name, right after the generic route, derived from it', () => {
    const doc = document();
    addActionPaths(doc, registry(alpha, beta));
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/requests/{id}',
      '/v1/requests/{id}/actions/{action}',
      '/v1/requests/{id}/actions/ask',
      '/v1/requests/{id}/actions/refuse',
      '/v1/requests/{id}/actions/note',
      '/v1/requests/{id}/actions/resume',
      '/v1/requests/{id}/actions/close',
      '/v1/requests/{id}/history',
    ]);
    const ask = doc.paths['/v1/requests/{id}/actions/ask'].post!;
    expect(ask).toMatchObject({
      tags: [ACTION_TAG],
      summary: 'Do ask',
      operationId: 'RequestsController_act_ask',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/AskPayload' } } },
      },
      responses: {
        '200': { description: 'The request' },
        '404': { $ref: '#/components/responses/Action404' },
        '412': { $ref: '#/components/responses/Action412' },
      },
      security: [{ bearer: [] }],
    });
    // The error answers, shared by the generic route and every action's path.
    expect(doc.components?.responses).toEqual({ Action404: ERRORS['404'], Action412: ERRORS['412'] });
    expect(doc.paths['/v1/requests/{id}/actions/{action}'].post!.responses).toEqual(ask.responses);
    expect(ask.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } },
    ]);
    expect(ask.description).toContain('**The alpha channel** (`alpha`): Do ask. From `OPEN`, to `DONE`');
    expect(ask.description).toContain("by the requested side's approver. Basis: Art. 1.");
  });

  it("makes a shared action name's body anyOf the channels' payloads, required only if each one is", () => {
    const doc = document();
    addActionPaths(doc, registry(alpha, beta));
    const refuse = doc.paths['/v1/requests/{id}/actions/refuse'].post!;
    expect(refuse.summary).toBe('Refuse (alpha, beta)');
    expect(refuse.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: {
            anyOf: [{ $ref: '#/components/schemas/RefuseA' }, { $ref: '#/components/schemas/RefuseB' }],
          },
        },
      },
    });
    expect(refuse.description).toContain('Not offered when it was settled.');
    expect(refuse.description).toContain('**The beta channel** (`beta`): Refuse narrowly.');
    // No payload: the empty body; only optional fields: a body is not required.
    expect(doc.paths['/v1/requests/{id}/actions/close'].post!.requestBody).toMatchObject({
      required: false,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/EmptyPayload' } } },
    });
    expect(doc.paths['/v1/requests/{id}/actions/note'].post!.requestBody).toMatchObject({ required: false });
    expect(doc.paths['/v1/requests/{id}/actions/note'].post!.description).toContain('the status stays');
  });

  it('leaves out system-only actions and makes the generic action parameter the enum of the others', () => {
    const doc = document();
    addActionPaths(doc, registry(alpha, beta));
    expect(doc.paths['/v1/requests/{id}/actions/arrive']).toBeUndefined();
    const generic = doc.paths['/v1/requests/{id}/actions/{action}'].post!;
    expect(generic.parameters?.[1]).toEqual({
      name: 'action',
      in: 'path',
      required: true,
      schema: { type: 'string', example: 'submit', enum: ['ask', 'refuse', 'note', 'resume', 'close'] },
    });
    expect(generic.requestBody).toEqual(
      document().paths['/v1/requests/{id}/actions/{action}'].post!.requestBody,
    );
  });

  it('fails on a payload missing from the schemas, or without the generic route', () => {
    const doc = document();
    delete doc.components!.schemas!.AskPayload;
    expect(() => addActionPaths(doc, registry(alpha))).toThrow(
      'OpenAPI: alpha action ask takes AskPayload, which is not among the document',
    );
    const bare = document();
    delete bare.paths['/v1/requests/{id}/actions/{action}'];
    expect(() => addActionPaths(bare, registry(alpha))).toThrow(
      'expected one POST .../actions/{action} route',
    );
  });
});

describe('actionTitle', () => {
  it("is the row's own title, else the action name in sentence case", () => {
    expect(actionTitle({ action: 'request-information' })).toBe('Request information');
    expect(actionTitle({ action: 'accept' })).toBe('Accept');
    expect(actionTitle({ action: 'resume', title: 'Resume review' })).toBe('Resume review');
  });
});
