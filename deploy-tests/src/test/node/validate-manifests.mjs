// Validates Kubernetes manifests offline: every object of the built-in API groups against its
// OpenAPI schema (kubernetes-models), the Prometheus Operator objects (monitoring.coreos.com/v1,
// which kubernetes-models does not know) against the fields their CRDs require, and the
// metadata of all of them (names, label keys and values) against the API server's rules.
//
// Usage: node validate-manifests.mjs [FILE...]   (no FILE, or "-": read standard input)
// Input: YAML documents as `helm template` prints them. Prints one line per object,
// "ok <apiVersion> <kind> <name>" or "invalid <apiVersion> <kind> <name>: <problem>", then
// "validated <n> objects, <m> invalid". Exits 0 when all are valid, 1 when one is not, 2 on
// unreadable input.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PROM_DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const PROM_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RELABEL_ACTIONS = new Set(['replace', 'keep', 'drop', 'hashmod', 'labelmap', 'labeldrop',
  'labelkeep', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);

/** Kinds whose names must be DNS labels (63 characters, no dots), as the API server requires. */
const DNS_LABEL_KINDS = new Set(['Service', 'Namespace']);

function qualifiedNameProblem(key) {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : null;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== null && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `prefix "${prefix}" is not a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return `name part "${name}" must be 1-63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return null;
}

function metadataProblems(obj) {
  const problems = [];
  const md = obj.metadata;
  if (md === null || typeof md !== 'object') {
    return ['metadata is missing'];
  }
  const name = md.name;
  if (typeof name !== 'string' || name.length === 0) {
    problems.push('metadata.name is missing');
  } else if (DNS_LABEL_KINDS.has(obj.kind) ? (name.length > 63 || !DNS_LABEL.test(name))
    : (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
    problems.push(`metadata.name "${name}" is not a valid ${obj.kind} name`);
  }
  if (md.namespace !== undefined && (typeof md.namespace !== 'string' || !DNS_LABEL.test(md.namespace))) {
    problems.push(`metadata.namespace "${md.namespace}" is not a DNS label`);
  }
  const checkLabels = (labels, where) => {
    if (labels === undefined) return;
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      problems.push(`${where} must be a map`);
      return;
    }
    for (const [key, value] of Object.entries(labels)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) problems.push(`${where} key "${key}": ${keyProblem}`);
      if (typeof value !== 'string') {
        problems.push(`${where}["${key}"] must be a string, got ${typeof value}`);
      } else if (value.length > 63 || !LABEL_VALUE.test(value)) {
        problems.push(`${where}["${key}"] value "${value}" is not a valid label value`);
      }
    }
  };
  checkLabels(md.labels, 'metadata.labels');
  if (md.annotations !== undefined) {
    for (const [key, value] of Object.entries(md.annotations ?? {})) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) problems.push(`metadata.annotations key "${key}": ${keyProblem}`);
      if (typeof value !== 'string') problems.push(`metadata.annotations["${key}"] must be a string`);
    }
  }
  // Pod templates carry labels too.
  checkLabels(obj.spec?.template?.metadata?.labels, 'spec.template.metadata.labels');
  return problems;
}

// ---- Prometheus Operator objects -------------------------------------------------------------

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function selectorProblems(selector, where) {
  if (!isMap(selector)) return [`${where} is required (a label selector)`];
  const problems = [];
  if (selector.matchLabels !== undefined && !isMap(selector.matchLabels)) problems.push(`${where}.matchLabels must be a map`);
  if (selector.matchExpressions !== undefined && !Array.isArray(selector.matchExpressions)) problems.push(`${where}.matchExpressions must be a list`);
  return problems;
}

function relabelProblems(list, where) {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [`${where} must be a list`];
  const problems = [];
  list.forEach((r, i) => {
    const at = `${where}[${i}]`;
    if (!isMap(r)) { problems.push(`${at} must be an object`); return; }
    const action = (r.action ?? 'replace').toString().toLowerCase();
    if (!RELABEL_ACTIONS.has(action)) problems.push(`${at}.action "${r.action}" is not a relabel action`);
    for (const label of r.sourceLabels ?? []) {
      if (!PROM_LABEL.test(label)) problems.push(`${at}.sourceLabels: "${label}" is not a label name`);
    }
    if (['replace', 'hashmod', 'lowercase', 'uppercase'].includes(action) && r.targetLabel === undefined) {
      problems.push(`${at}: action ${action} needs targetLabel`);
    }
  });
  return problems;
}

function endpointProblems(endpoints, where, portFields) {
  if (!Array.isArray(endpoints) || endpoints.length === 0) return [`${where} must list at least one endpoint`];
  const problems = [];
  endpoints.forEach((e, i) => {
    const at = `${where}[${i}]`;
    if (!isMap(e)) { problems.push(`${at} must be an object`); return; }
    if (!portFields.some((f) => e[f] !== undefined)) problems.push(`${at} needs one of ${portFields.join(', ')}`);
    for (const f of ['interval', 'scrapeTimeout']) {
      if (e[f] !== undefined && (typeof e[f] !== 'string' || !PROM_DURATION.test(e[f]) || e[f] === '')) {
        problems.push(`${at}.${f} "${e[f]}" is not a Prometheus duration`);
      }
    }
    if (e.honorLabels !== undefined && typeof e.honorLabels !== 'boolean') problems.push(`${at}.honorLabels must be a boolean`);
    if (e.path !== undefined && (typeof e.path !== 'string' || !e.path.startsWith('/'))) problems.push(`${at}.path must start with /`);
    problems.push(...relabelProblems(e.relabelings, `${at}.relabelings`));
    problems.push(...relabelProblems(e.metricRelabelings, `${at}.metricRelabelings`));
  });
  return problems;
}

function stringMapProblems(map, where) {
  if (map === undefined) return [];
  if (!isMap(map)) return [`${where} must be a map`];
  return Object.entries(map).filter(([, v]) => typeof v !== 'string').map(([k]) => `${where}.${k} must be a string`);
}

function ruleGroupProblems(groups) {
  if (!Array.isArray(groups) || groups.length === 0) return ['spec.groups must list at least one group'];
  const problems = [];
  const names = new Set();
  groups.forEach((g, i) => {
    const at = `spec.groups[${i}]`;
    if (!isMap(g) || typeof g.name !== 'string' || g.name === '') { problems.push(`${at}.name is required`); return; }
    if (names.has(g.name)) problems.push(`${at}.name "${g.name}" is used twice`);
    names.add(g.name);
    if (g.interval !== undefined && !PROM_DURATION.test(g.interval)) problems.push(`${at}.interval is not a duration`);
    if (!Array.isArray(g.rules) || g.rules.length === 0) { problems.push(`${at}.rules must list at least one rule`); return; }
    g.rules.forEach((r, j) => {
      const rat = `${at}.rules[${j}]`;
      if (!isMap(r)) { problems.push(`${rat} must be an object`); return; }
      const kinds = ['alert', 'record'].filter((k) => r[k] !== undefined);
      if (kinds.length !== 1) problems.push(`${rat} needs exactly one of alert, record`);
      if (r.record !== undefined && !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(r.record)) problems.push(`${rat}.record "${r.record}" is not a metric name`);
      if (r.expr === undefined || r.expr === null || `${r.expr}`.trim() === '') problems.push(`${rat}.expr is required`);
      if (r.for !== undefined && (typeof r.for !== 'string' || !PROM_DURATION.test(r.for))) problems.push(`${rat}.for is not a duration`);
      if (r.record !== undefined && (r.for !== undefined || r.annotations !== undefined)) problems.push(`${rat}: a recording rule takes no for or annotations`);
      problems.push(...stringMapProblems(r.labels, `${rat}.labels`));
      problems.push(...stringMapProblems(r.annotations, `${rat}.annotations`));
    });
  });
  return problems;
}

const MONITORING_KINDS = {
  ServiceMonitor: (spec) => [
    ...selectorProblems(spec.selector, 'spec.selector'),
    ...endpointProblems(spec.endpoints, 'spec.endpoints', ['port', 'targetPort']),
  ],
  PodMonitor: (spec) => [
    ...selectorProblems(spec.selector, 'spec.selector'),
    ...endpointProblems(spec.podMetricsEndpoints, 'spec.podMetricsEndpoints', ['port', 'portNumber', 'targetPort']),
  ],
  PrometheusRule: (spec) => ruleGroupProblems(spec.groups),
};

// ---- built-in kinds through kubernetes-models --------------------------------------------------

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const path = group === null ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  try {
    const module = await import(path);
    return module[kind] ?? null;
  } catch (e) {
    if (e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || e.code === 'ERR_MODULE_NOT_FOUND') return null;
    throw e;
  }
}

async function problemsOf(obj) {
  if (!isMap(obj)) return ['not a YAML mapping'];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['apiVersion and kind are required'];
  const problems = metadataProblems(obj);
  if (apiVersion === 'monitoring.coreos.com/v1' && MONITORING_KINDS[kind]) {
    if (!isMap(obj.spec)) return [...problems, 'spec is required'];
    return [...problems, ...MONITORING_KINDS[kind](obj.spec)];
  }
  const Model = await modelFor(apiVersion, kind);
  if (Model === null) return [...problems, `unknown kind ${kind} in ${apiVersion}: no schema to check it against`];
  try {
    new Model(obj).validate();
  } catch (e) {
    const details = Array.isArray(e.errors) && e.errors.length > 0
      ? e.errors.map((x) => `${x.instancePath || '/'} ${x.message}`).join('; ')
      : e.message;
    problems.push(details);
  }
  return problems;
}

function readInputs(args) {
  const files = args.length === 0 ? ['-'] : args;
  return files.map((f) => ({ name: f === '-' ? 'stdin' : f, text: readFileSync(f === '-' ? 0 : f, 'utf8') }));
}

let inputs;
try {
  inputs = readInputs(process.argv.slice(2));
} catch (e) {
  console.error(`cannot read input: ${e.message}`);
  process.exit(2);
}

let count = 0;
let invalid = 0;
for (const { name, text } of inputs) {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      console.log(`invalid - - ${name}: YAML error: ${doc.errors[0].message}`);
      count++;
      invalid++;
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    count++;
    const id = `${obj.apiVersion ?? '-'} ${obj.kind ?? '-'} ${obj.metadata?.name ?? '-'}`;
    const problems = await problemsOf(obj);
    if (problems.length === 0) {
      console.log(`ok ${id}`);
    } else {
      invalid++;
      console.log(`invalid ${id}: ${problems.join('; ')}`);
    }
  }
}
console.log(`validated ${count} objects, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
