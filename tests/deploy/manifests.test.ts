import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { parseAllDocuments } from 'yaml';

// deploy/kubernetes: every manifest is valid for the Kubernetes API schema of its kind (kubernetes-models, generated
// from the Kubernetes OpenAPI definitions), then the fields that make it safe to run are checked one by one.

const DIR = path.resolve('deploy', 'kubernetes');

interface Validatable {
  validate(): void;
}
const MODELS: Readonly<Record<string, new (data: never) => Validatable>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};

// The shapes the checks below read; the schema validation above is what vouches for them.
interface Probe { httpGet?: { path?: string; port?: string | number } }
interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }
interface Container {
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean; privileged?: boolean; capabilities?: { drop?: string[]; add?: string[] } };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
}
interface Volume { name: string; emptyDir?: object; secret?: { secretName: string; items?: { key: string; path: string }[] } }
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    maxUnavailable?: number;
    minAvailable?: number;
    ports?: { name: string; port: number; targetPort: string | number }[];
    template?: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
    tls?: { hosts: string[]; secretName: string }[];
    rules?: { host: string; http: { paths: { backend: { service: { name: string; port: { name?: string } } } }[] } }[];
  };
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Volume[];
}

function manifestsOf(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
    expect({ file, errors: doc.errors.map((e) => e.message) }).toEqual({ file, errors: [] });
    return doc.toJS() as Manifest;
  });
}

const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const byKind = (kind: string, file?: string): Manifest => {
  const found = FILES.filter((f) => f !== 'kustomization.yaml' && (file === undefined || f === file)).flatMap(manifestsOf).filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as Manifest;
};

const deployment = byKind('Deployment');
const pod = deployment.spec?.template?.spec as PodSpec;
const container = pod.containers[0] as Container;
const config = byKind('ConfigMap').data ?? {};
const secret = byKind('Secret');
const secretKeys = Object.keys(secret.stringData ?? secret.data ?? {}).sort();

test('the folder holds exactly these manifests', () => {
  expect(FILES).toEqual(['configmap.yaml', 'deployment.yaml', 'ingress.yaml', 'kustomization.yaml', 'pdb.yaml', 'secret.example.yaml', 'service.yaml']);
});

test.each(FILES.filter((f) => f !== 'kustomization.yaml'))('%s is valid for the Kubernetes schema of its kind', (file) => {
  for (const manifest of manifestsOf(file)) {
    const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    expect({ file, kind: `${manifest.apiVersion}/${manifest.kind}`, known: Model !== undefined }).toEqual({ file, kind: `${manifest.apiVersion}/${manifest.kind}`, known: true });
    expect(() => new (Model as new (data: Manifest) => Validatable)(manifest).validate()).not.toThrow();
  }
});

test('a schema violation is caught (the validator is not a no-op)', () => {
  expect(() => new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 'three' } } as never).validate()).toThrow(/replicas must be integer/);
});

test('kustomization.yaml applies the config, Deployment, Service and PDB; the Secret example and the optional Ingress stay out', () => {
  const kustomization = manifestsOf('kustomization.yaml')[0] as unknown as { kind: string; resources: string[] };
  expect(kustomization.kind).toBe('Kustomization');
  expect([...kustomization.resources].sort()).toEqual(['configmap.yaml', 'deployment.yaml', 'pdb.yaml', 'service.yaml']);
});

test('the Deployment runs several replicas of a pinned image, rolled one at a time, selected by its own labels', () => {
  expect(deployment.spec?.replicas).toBeGreaterThanOrEqual(2);
  expect(container.image).toMatch(/:[0-9][\w.-]*$/);
  expect(deployment.spec?.selector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'leg-cramps-cds' });
  expect(deployment.spec?.template?.metadata.labels).toMatchObject(deployment.spec?.selector?.matchLabels ?? { missing: 'labels' });
  expect(byKind('Service').spec?.selector).toEqual(deployment.spec?.selector?.matchLabels);
  expect(byKind('PodDisruptionBudget').spec?.selector?.matchLabels).toEqual(deployment.spec?.selector?.matchLabels);
  expect(byKind('PodDisruptionBudget').spec?.maxUnavailable).toBe(1);
});

test('probes: readiness on /readyz, liveness on /healthz, on the port the service listens on', () => {
  expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
  expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
  expect(container.ports?.find((p) => p.name === 'http')).toEqual({ name: 'http', containerPort: Number(config.PORT), protocol: 'TCP' });
  expect(byKind('Service').spec?.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
});

test('metrics: on a port of their own that the Service and the Ingress do not expose, behind the token, scraped by pod annotations', () => {
  expect(container.ports).toEqual([
    { name: 'http', containerPort: Number(config.PORT), protocol: 'TCP' },
    { name: 'metrics', containerPort: Number(config.CDS_METRICS_PORT), protocol: 'TCP' },
  ]);
  expect(config.CDS_METRICS_PORT).toMatch(/^\d+$/);
  expect(config.CDS_METRICS_PORT).not.toBe(config.PORT);
  const service = byKind('Service');
  expect(service.spec?.ports?.map((p) => p.targetPort)).toEqual(['http']);
  expect(service.spec?.ports?.map((p) => p.port)).not.toContain(Number(config.CDS_METRICS_PORT));
  expect(byKind('Ingress').spec?.rules?.flatMap((r) => r.http.paths.map((p) => p.backend.service.port.name))).toEqual(['http']);
  expect(deployment.spec?.template?.metadata.annotations).toEqual({
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': config.CDS_METRICS_PORT,
    'prometheus.io/path': '/metrics',
  });
  expect(container.env?.find((e) => e.name === 'CDS_METRICS_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'metrics-token' });
});

test('resource requests and limits for cpu and memory', () => {
  expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
  expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
});

test('non-root, read-only root filesystem, no privilege escalation, every capability dropped, no API token', () => {
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  expect(container.securityContext).toEqual({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    privileged: false,
    capabilities: { drop: ['ALL'] },
  });
  expect(pod.automountServiceAccountToken).toBe(false);
});

test('the only writable volume is an emptyDir at /tmp; the trust file comes read-only from the Secret', () => {
  expect(pod.volumes?.map((v) => Object.keys(v).sort())).toEqual([['name', 'secret'], ['emptyDir', 'name']]);
  const mounts = container.volumeMounts ?? [];
  expect(mounts.filter((m) => m.readOnly !== true)).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  expect(pod.volumes?.find((v) => v.name === 'tmp')?.emptyDir).toBeDefined();
  const trust = pod.volumes?.find((v) => v.name === 'trust')?.secret;
  expect(trust?.secretName).toBe(secret.metadata.name);
  const item = trust?.items?.[0];
  expect(secretKeys).toContain(item?.key);
  expect(config.CDS_TRUST_FILE).toBe(`${mounts.find((m) => m.name === 'trust')?.mountPath}/${item?.path}`);
});

test('secrets come from the Secret (database URL, patient hash key, admin and metrics tokens), never as literal values', () => {
  const env = container.env ?? [];
  expect(env.filter((e) => e.value !== undefined)).toEqual([]);
  expect(env.map((e) => e.name).sort()).toEqual(['CDS_ADMIN_TOKEN', 'CDS_DATABASE_URL', 'CDS_METRICS_TOKEN', 'CDS_PATIENT_HASH_KEY']);
  for (const e of env) {
    expect(e.valueFrom?.secretKeyRef?.name).toBe(secret.metadata.name);
    expect(secretKeys).toContain(e.valueFrom?.secretKeyRef?.key);
  }
  expect(container.envFrom).toEqual([{ configMapRef: { name: byKind('ConfigMap').metadata.name } }]);
  for (const value of Object.values(secret.stringData ?? {})) expect(value).toMatch(/change-me|example/);
});

test('the ConfigMap: production, listening on all interfaces, an https public URL that is the Ingress host', () => {
  expect(config).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', LOG_LEVEL: 'info' });
  const publicUrl = new URL(config.CDS_PUBLIC_BASE_URL ?? '');
  expect(publicUrl.protocol).toBe('https:');
  const ingress = byKind('Ingress');
  expect(ingress.spec?.tls?.[0]?.hosts).toEqual([publicUrl.host]);
  expect(ingress.spec?.rules?.map((r) => r.host)).toEqual([publicUrl.host]);
  expect(ingress.spec?.rules?.[0]?.http.paths[0]?.backend.service).toEqual({ name: byKind('Service').metadata.name, port: { name: 'http' } });
});

test('shutdown fits the grace period: preStop pause, then the drain and the last call deadline', () => {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  expect(command).toEqual(['sleep', '5']);
  const drainS = Number(config.CDS_DRAIN_MS) / 1000;
  const deadlineS = Number(config.CDS_DEADLINE_MS) / 1000;
  expect(drainS).toBe(3);
  expect(5 + drainS + deadlineS).toBeLessThan(pod.terminationGracePeriodSeconds ?? 0);
  expect(pod.terminationGracePeriodSeconds).toBe(30);
});
