import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { parseAllDocuments } from 'yaml';

/*
 * The Kubernetes manifests' linter (npm run lint:k8s, in CI): every object of deploy/kubernetes validated
 * against the Kubernetes API schemas (kubernetes-models), then the engine's own rules: pinned images,
 * resources, probes on the API, a non-root read-only container, a disruption budget per deployment, the
 * migration Job, and only variables the engine reads (.env.example lists them).
 */

/** An object of the manifests: its kind and name, and its body once its kind's schema accepted it. */
interface Manifest {
  kind: string;
  name: string;
  body: unknown;
}
type Model = new (data: unknown) => { validate(): void };

const DIR = join(__dirname, '..', '..', 'deploy', 'kubernetes');
const ENV_EXAMPLE = join(__dirname, '..', '..', '.env.example');

const MODELS: Record<string, () => Promise<Record<string, unknown>>> = {
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'apps/v1/Deployment': () => import('kubernetes-models/apps/v1/Deployment'),
  'batch/v1/Job': () => import('kubernetes-models/batch/v1/Job'),
  'policy/v1/PodDisruptionBudget': () => import('kubernetes-models/policy/v1/PodDisruptionBudget'),
};

async function modelOf(apiVersion: string, kind: string): Promise<Model | undefined> {
  const load = MODELS[`${apiVersion}/${kind}`];
  return load ? ((await load())[kind] as Model) : undefined;
}

/** The variables the engine reads: every NAME= (commented or not) of .env.example. */
function knownVariables(): Set<string> {
  const names = readFileSync(ENV_EXAMPLE, 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm);
  return new Set([...names].map((m) => m[1]));
}

const ofKind = <T>(objects: Manifest[], kind: string): (Manifest & { body: T })[] =>
  objects.filter((o): o is Manifest & { body: T } => o.kind === kind);

function containerProblems(where: string, c: IContainer, known: Set<string>): string[] {
  const problems: string[] = [];
  if (!c.image || !/:[\w.-]+$/.test(c.image) || c.image.endsWith(':latest')) {
    problems.push(`${where}: pin the image to a release tag (not latest)`);
  }
  const { requests, limits } = c.resources ?? {};
  if (!requests?.cpu || !requests.memory || !limits?.memory) {
    problems.push(`${where}: set resources.requests.cpu, requests.memory and limits.memory`);
  }
  if (
    c.securityContext?.readOnlyRootFilesystem !== true ||
    c.securityContext.allowPrivilegeEscalation !== false
  ) {
    problems.push(`${where}: read-only root filesystem and no privilege escalation`);
  }
  for (const e of c.env ?? []) {
    if (!known.has(e.name)) {
      problems.push(`${where}: env ${e.name} is not a variable the engine reads (.env.example)`);
    }
  }
  return problems;
}

function podProblems(where: string, pod: IPodSpec | undefined, known: Set<string>): string[] {
  if (!pod) {
    return [`${where}: no pod template`];
  }
  const problems =
    pod.securityContext?.runAsNonRoot === true ? [] : [`${where}: the pod must run as non-root`];
  for (const c of pod.containers) {
    problems.push(...containerProblems(`${where} container ${c.name}`, c, known));
  }
  return problems;
}

function deploymentProblems(d: IDeployment, budgets: IPodDisruptionBudget[]): string[] {
  const where = `Deployment ${d.metadata?.name}`;
  const problems: string[] = [];
  const labels = d.spec?.template.metadata?.labels ?? {};
  const covered = budgets.some((p) =>
    Object.entries(p.spec?.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
  );
  if (!covered) {
    problems.push(`${where}: no PodDisruptionBudget selects its pods`);
  }
  const pod = d.spec?.template.spec;
  const [first] = pod?.containers ?? [];
  if (first?.command?.join(' ').includes('dist/main.js')) {
    if (first.readinessProbe?.httpGet?.path !== '/health/ready') {
      problems.push(`${where}: the API needs a readiness probe on /health/ready (draining)`);
    }
    if (first.livenessProbe?.httpGet?.path !== '/health/live') {
      problems.push(`${where}: the API needs a liveness probe on /health/live`);
    }
  }
  if ((pod?.terminationGracePeriodSeconds ?? 30) <= 25) {
    problems.push(`${where}: terminationGracePeriodSeconds must exceed SHUTDOWN_TIMEOUT_S (25)`);
  }
  return problems;
}

function rules(objects: Manifest[], known: Set<string>): string[] {
  const problems: string[] = [];
  for (const { body: map } of ofKind<IConfigMap>(objects, 'ConfigMap')) {
    for (const key of Object.keys(map.data ?? {})) {
      if (!known.has(key)) {
        problems.push(`ConfigMap key ${key}: not a variable the engine reads (.env.example)`);
      }
    }
    if (map.data?.RUN_MIGRATIONS !== 'false') {
      problems.push("ConfigMap: RUN_MIGRATIONS must be 'false' (the Job migrates, not every replica)");
    }
  }
  const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').map((o) => o.body);
  for (const d of ofKind<IDeployment>(objects, 'Deployment')) {
    problems.push(...podProblems(`Deployment ${d.name}`, d.body.spec?.template.spec, known));
    problems.push(...deploymentProblems(d.body, budgets));
  }
  const jobs = ofKind<IJob>(objects, 'Job');
  for (const j of jobs) {
    problems.push(...podProblems(`Job ${j.name}`, j.body.spec?.template.spec, known));
  }
  if (!jobs.some((j) => j.body.spec?.template.spec?.containers.some((c) => c.command?.includes('migrate')))) {
    problems.push('no migration Job (node dist/cli.js migrate)');
  }
  return problems;
}

async function main(): Promise<void> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  const listed = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJS() as {
    resources?: string[];
  };
  const problems: string[] = [];
  for (const f of files) {
    if (!(listed.resources ?? []).includes(f)) {
      problems.push(`${f}: not listed in kustomization.yaml`);
    }
  }
  const objects: Manifest[] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(join(DIR, f), 'utf8'))) {
      if (doc.errors.length > 0) {
        problems.push(`${f}: ${doc.errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      const body = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      const kind = String(body.kind);
      const name = String(body.metadata?.name);
      const Model = await modelOf(String(body.apiVersion), kind);
      if (!Model) {
        problems.push(`${f}: ${body.apiVersion} ${kind} is not a kind this linter knows`);
        continue;
      }
      try {
        new Model(body).validate();
        objects.push({ kind, name, body });
      } catch (err) {
        problems.push(`${f}: ${kind} ${name}: ${String(err)}`);
      }
    }
  }
  problems.push(...rules(objects, knownVariables()));
  if (problems.length > 0) {
    console.error(`deploy/kubernetes: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`deploy/kubernetes: ${objects.length} objects valid (${files.length} files)`);
}

void main();
