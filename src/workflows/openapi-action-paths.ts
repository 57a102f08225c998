import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger';
import type { ChannelRegistry } from './channel-registry';
import { EmptyPayload } from './payloads/empty.payload';
import { actionTitle } from './workflow-description';
import type { ChannelDefinition, TransitionRule } from './workflow.types';

/** The tag of the per-action operations (Swagger UI groups them under it). */
export const ACTION_TAG = 'actions';

/** The generic action route as Nest documents it: `.../actions/{action}`. */
const GENERIC_ACTION_PATH = /\/actions\/\{action\}$/;

interface ActionRow {
  def: ChannelDefinition;
  rule: TransitionRule;
}

/**
 * Gives every user action of every registered channel its own path in the OpenAPI document,
 * `/v1/requests/{id}/actions/<action>`, so that a client knows each action's body: the operation Nest
 * documented for the generic route `POST /v1/requests/{id}/actions/{action}` (its `id` and `If-Match`
 * parameters, its responses: the request and every error, its security), with the action's payload class as
 * the request body and its description. The server serves these through the generic route; nothing changes
 * at run time. An action name is unique within a channel; when channels share one with different payloads,
 * the body is `anyOf` their schemas (the request's channel picks which applies; `anyOf` rather than
 * `oneOf`, as a body may satisfy several of them). The generic route's `action` parameter becomes the
 * enum of the action names.
 *
 * Called once the document is created (src/bootstrap.ts); the payload classes are among its schemas
 * already (ChannelRegistry.schemaClasses() as extraModels): a missing one is a programming error.
 */
export function addActionPaths(document: OpenAPIObject, registry: Pick<ChannelRegistry, 'all'>): void {
  const genericPaths = Object.keys(document.paths).filter(
    (p) => GENERIC_ACTION_PATH.test(p) && document.paths[p].post,
  );
  if (genericPaths.length !== 1) {
    throw new Error(
      `OpenAPI: expected one POST .../actions/{action} route, found ${genericPaths.length}: ${genericPaths.join(', ')}`,
    );
  }
  const genericPath = genericPaths[0];
  const generic = document.paths[genericPath].post as OperationObject;
  const rows = userActions(registry);
  generic.parameters = (generic.parameters ?? []).map((p) =>
    isActionParameter(p)
      ? { ...p, schema: { ...(p.schema as SchemaObject), type: 'string', enum: [...rows.keys()] } }
      : p,
  );
  generic.description =
    'The body is the action\'s payload. Each action also has its own path below (tag "actions"), ' +
    'with its body schema; the server treats both alike.';
  shareErrorResponses(document, generic);

  const perAction: [string, PathItemObject][] = [...rows].map(([action, actionRows]) => [
    genericPath.replace('{action}', action),
    { post: actionOperation(document, { path: genericPath, operation: generic }, action, actionRows) },
  ]);
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    paths[path] = item;
    if (path === genericPath) {
      for (const [actionPath, actionItem] of perAction) {
        paths[actionPath] = actionItem;
      }
    }
  }
  document.paths = paths;
}

/**
 * The generic route's error answers, moved to `components.responses` (`Action400`, ...) and referenced from
 * it and from every per-action path, which would otherwise repeat them all.
 */
function shareErrorResponses(document: OpenAPIObject, generic: OperationObject): void {
  const shared = (document.components ??= {}).responses ?? {};
  for (const [status, response] of Object.entries(generic.responses)) {
    if (response && /^[45]\d\d$/.test(status) && !('$ref' in response)) {
      shared[`Action${status}`] = response;
      generic.responses[status] = { $ref: `#/components/responses/Action${status}` };
    }
  }
  document.components.responses = shared;
}

/** User actions (those a user may take over HTTP) by name, in the order of the channels' tables. */
function userActions(registry: Pick<ChannelRegistry, 'all'>): Map<string, ActionRow[]> {
  const rows = new Map<string, ActionRow[]>();
  for (const def of registry.all()) {
    for (const rule of def.machine.transitions) {
      if (rule.actors.length > 0) {
        rows.set(rule.action, [...(rows.get(rule.action) ?? []), { def, rule }]);
      }
    }
  }
  return rows;
}

function isActionParameter(p: ParameterObject | ReferenceObject): p is ParameterObject {
  return 'in' in p && p.in === 'path' && p.name === 'action';
}

function actionOperation(
  document: OpenAPIObject,
  { path: genericPath, operation: generic }: { path: string; operation: OperationObject },
  action: string,
  rows: ActionRow[],
): OperationObject {
  const payloads = [...new Set(rows.map((r) => payloadName(document, r)))];
  const schemas: ReferenceObject[] = payloads.map((name) => ({ $ref: `#/components/schemas/${name}` }));
  // A body is needed when every payload the action can take has a required field.
  const required = payloads.every(
    (name) => (document.components?.schemas?.[name] as SchemaObject).required?.length,
  );
  const descriptions = [...new Set(rows.map((r) => r.rule.description))];
  return {
    tags: [ACTION_TAG],
    summary:
      descriptions.length === 1
        ? descriptions[0]
        : `${actionTitle(rows[0].rule)} (${rows.map((r) => r.def.channel).join(', ')})`,
    description: [
      ...rows.map(describeRow),
      `The same as \`POST ${genericPath}\` with \`action=${action}\`. ` +
        'On a request of a channel without this action: 400 `UNKNOWN_ACTION`.',
    ].join('\n\n'),
    operationId: `${generic.operationId ?? 'act'}_${camelCase(action)}`,
    parameters: (generic.parameters ?? []).filter((p) => !isActionParameter(p)),
    requestBody: {
      required,
      description:
        payloads.length === 1
          ? `\`${payloads[0]}\``
          : `By the request's channel: ${rows.map((r) => `${r.def.channel} \`${payloadName(document, r)}\``).join(', ')}`,
      content: { 'application/json': { schema: schemas.length === 1 ? schemas[0] : { anyOf: schemas } } },
    },
    responses: generic.responses,
    ...(generic.security ? { security: generic.security } : {}),
  };
}

/** The schema name of a row's payload in the document (EmptyPayload when the action takes none). */
function payloadName(document: OpenAPIObject, { def, rule }: ActionRow): string {
  const name = (rule.payload ?? EmptyPayload).name;
  if (!document.components?.schemas?.[name]) {
    throw new Error(
      `OpenAPI: ${def.channel} action ${rule.action} takes ${name}, which is not among the document's schemas`,
    );
  }
  return name;
}

function describeRow({ def, rule }: ActionRow): string {
  const to = rule.keepsStatus ? 'the status stays' : `to ${list(rule.to)}`;
  const by = rule.actors.map((a) => `the ${a.side} side's ${a.roles.join(' or ')}`).join('; ');
  const when =
    (rule.availableWhen ? ` Not offered when ${rule.availableWhen.reason}.` : '') +
    (rule.actorWhen ? ` ${sentence(rule.actorWhen.reason)}` : '');
  return (
    `**${def.title}** (\`${def.channel}\`): ${sentence(rule.description)} From ${list(rule.from)}, ${to}; by ${by}.` +
    `${when} Basis: ${sentence(rule.basis)}`
  );
}

/** Ends with a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function list(states: readonly string[]): string {
  return states.map((s) => `\`${s}\``).join(', ');
}

function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
