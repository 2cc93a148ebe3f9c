/**
 * EC2, IAM, KMS, ECR, GuardDuty and SQS on one 127.0.0.1 port, each in the wire protocol the installed AWS SDK v3
 * client speaks: EC2 query (form body, XML with `<item>` lists), IAM query (XML with `<member>` lists), KMS and ECR
 * AWS JSON 1.1, SQS AWS JSON 1.0, GuardDuty REST-JSON. The clients reach it through their `endpoint` override.
 * Every request is recorded as `service:Action`, so tests can prove an audit only ever sends Describe/List/Get.
 * Responses are the recorded shapes of the real services (wire names, URL-encoded IAM policy documents).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [k: string]: XmlValue };

export interface FakeAwsData {
  /** EC2 in wire names: `subnetSet`, `routeTableSet`, ... items as they appear inside the response. */
  readonly ec2?: {
    readonly subnets?: Record<string, XmlValue>[];
    readonly routeTables?: Record<string, XmlValue>[];
    readonly natGateways?: Record<string, XmlValue>[];
    readonly flowLogs?: Record<string, XmlValue>[];
    /** Launch template id -> versions (each with `versionNumber`, `defaultVersion`, `launchTemplateData`). */
    readonly launchTemplateVersions?: Record<string, Record<string, XmlValue>[]>;
    readonly instances?: Record<string, XmlValue>[];
    readonly securityGroups?: Record<string, XmlValue>[];
  };
  readonly iam?: {
    /** Role name -> role, with trust policy and policies as JSON objects (the fake URL-encodes them like IAM does). */
    readonly roles?: Record<string, { arn: string; trust: unknown; attached?: string[]; inline?: Record<string, unknown> }>;
    /** Customer managed policy ARN -> document. */
    readonly policies?: Record<string, unknown>;
    readonly oidcProviders?: string[];
  };
  readonly kms?: Record<string, { keyManager?: string; rotation: boolean; state?: string }>;
  readonly ecr?: { scanType: string; rules: { scanFrequency: string; repositoryFilters: { filter: string; filterType: string }[] }[] };
  readonly guardduty?: Record<string, { status: string; features: { name: string; status: string }[] }>;
  readonly sqs?: Record<string, Record<string, string>>;
}

export interface FakeAwsOptions {
  readonly data: FakeAwsData;
  /** `service:Action` answering each service's own access-denied error. */
  readonly denied?: readonly string[];
  /** `service:Action` answering each service's own throttling error once. */
  readonly throttleOnce?: readonly string[];
  /** Items per page, for the paginated calls. */
  readonly pageSize?: number;
}

export interface FakeAws {
  readonly url: string;
  /** Every request, as `service:Action`, in arrival order. */
  readonly calls: string[];
  readonly requests: { method: string; path: string; call: string }[];
  close(): Promise<void>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Objects become elements, arrays become `<item>` (EC2) or `<member>` (IAM) lists. */
export function toXml(v: XmlValue, listTag: string): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => `<${listTag}>${toXml(x, listTag)}</${listTag}>`).join('');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => (x === undefined ? '' : `<${k}>${toXml(x, listTag)}</${k}>`)).join('');
  return esc(String(v));
}

function filtersOf(form: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
    const values: string[] = [];
    for (let j = 1; form.has(`Filter.${i}.Value.${j}`); j++) values.push(form.get(`Filter.${i}.Value.${j}`)!);
    out.set(form.get(`Filter.${i}.Name`)!, values);
  }
  return out;
}

function listParam(form: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.${i}`); i++) out.push(form.get(`${prefix}.${i}`)!);
  return out;
}

function tagsOf(item: Record<string, XmlValue>): Record<string, string> {
  const set = item.tagSet;
  const out: Record<string, string> = {};
  if (Array.isArray(set)) for (const t of set) if (t && typeof t === 'object' && !Array.isArray(t)) out[String(t.key)] = String(t.value);
  return out;
}

export async function startFakeAws(o: FakeAwsOptions): Promise<FakeAws> {
  const calls: string[] = [];
  const requests: { method: string; path: string; call: string }[] = [];
  const throttled = new Set<string>();
  const pageSize = o.pageSize ?? 100;
  let url = '';
  const d = o.data;

  const page = <T>(items: T[], token: string | null | undefined): { items: T[]; next?: string } => {
    const start = Number(token ?? 0);
    const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
    return { items: items.slice(start, start + pageSize), next };
  };

  const xml = (res: http.ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  const json = (res: http.ServerResponse, status: number, body: unknown, contentType: string, errorType?: string): void => {
    res.writeHead(status, { 'content-type': contentType, ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    res.end(JSON.stringify(body));
  };

  function ec2(action: string, form: URLSearchParams, res: http.ServerResponse): void {
    const ok = (inner: XmlValue): void => xml(res, 200, `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>${toXml(inner, 'item')}</${action}Response>`);
    const filters = filtersOf(form);
    const match = (item: Record<string, XmlValue>, field: string, filter: string): boolean => !filters.has(filter) || filters.get(filter)!.includes(String(item[field]));
    const token = form.get('NextToken');
    const paged = (setName: string, items: Record<string, XmlValue>[]): void => {
      const p = page(items, token);
      ok({ [setName]: p.items, ...(p.next ? { nextToken: p.next } : {}) });
    };
    const e = d.ec2 ?? {};
    switch (action) {
      case 'DescribeSubnets': {
        const ids = listParam(form, 'SubnetId');
        return paged('subnetSet', (e.subnets ?? []).filter((s) => match(s, 'vpcId', 'vpc-id') && (ids.length === 0 || ids.includes(String(s.subnetId)))));
      }
      case 'DescribeRouteTables':
        return paged('routeTableSet', (e.routeTables ?? []).filter((t) => match(t, 'vpcId', 'vpc-id')));
      case 'DescribeNatGateways':
        // NAT gateways take `Filter` like the rest, under the name Filter (DescribeNatGateways uses Filter.N too).
        return paged('natGatewaySet', (e.natGateways ?? []).filter((n) => match(n, 'vpcId', 'vpc-id') && match(n, 'state', 'state')));
      case 'DescribeFlowLogs':
        return paged('flowLogSet', (e.flowLogs ?? []).filter((f) => match(f, 'resourceId', 'resource-id')));
      case 'DescribeLaunchTemplateVersions': {
        const id = form.get('LaunchTemplateId') ?? '';
        const versions = e.launchTemplateVersions?.[id];
        if (!versions) return xml(res, 400, `<Response><Errors><Error><Code>InvalidLaunchTemplateId.NotFound</Code><Message>The specified launch template, with template ID ${esc(id)}, does not exist.</Message></Error></Errors><RequestID>r-1</RequestID></Response>`);
        const wanted = listParam(form, 'LaunchTemplateVersion');
        const pick = versions.filter((v) => wanted.length === 0 || wanted.some((w) => w === String(v.versionNumber) || (w === '$Default' && v.defaultVersion === true) || (w === '$Latest' && v.versionNumber === Math.max(...versions.map((x) => Number(x.versionNumber))))));
        return paged('launchTemplateVersionSet', pick.map((v) => ({ launchTemplateId: id, ...v })));
      }
      case 'DescribeInstances': {
        const tagKeys = filters.get('tag-key') ?? [];
        const items = (e.instances ?? []).filter((i) => tagKeys.every((k) => k in tagsOf(i)) && match(i.instanceState as Record<string, XmlValue>, 'name', 'instance-state-name'));
        const p = page(items, token);
        return ok({ reservationSet: [{ reservationId: 'r-0', instancesSet: p.items }], ...(p.next ? { nextToken: p.next } : {}) });
      }
      case 'DescribeSecurityGroups': {
        const ids = listParam(form, 'GroupId');
        return paged('securityGroupInfo', (e.securityGroups ?? []).filter((g) => ids.length === 0 || ids.includes(String(g.groupId))));
      }
      default:
        return xml(res, 400, `<Response><Errors><Error><Code>InvalidAction</Code><Message>The action ${esc(action)} is not valid for this web service.</Message></Error></Errors><RequestID>r-1</RequestID></Response>`);
    }
  }

  function iam(action: string, form: URLSearchParams, res: http.ServerResponse): void {
    const ok = (inner: XmlValue): void =>
      xml(res, 200, `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${toXml(inner, 'member')}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`);
    const notFound = (what: string): void => xml(res, 404, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>${esc(what)} cannot be found.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
    const enc = (doc: unknown): string => encodeURIComponent(JSON.stringify(doc));
    const roles = d.iam?.roles ?? {};
    const roleName = form.get('RoleName') ?? '';
    const role = roles[roleName];
    const marker = form.get('Marker');
    const paged = (listName: string, items: XmlValue[]): void => {
      const p = page(items, marker);
      ok({ [listName]: p.items, IsTruncated: p.next !== undefined, ...(p.next ? { Marker: p.next } : {}) });
    };
    switch (action) {
      case 'GetRole':
        if (!role) return notFound(`The role with name ${roleName}`);
        return ok({ Role: { Path: '/', RoleName: roleName, RoleId: 'AROAEXAMPLE', Arn: role.arn, CreateDate: '2026-01-01T00:00:00Z', AssumeRolePolicyDocument: enc(role.trust) } });
      case 'ListAttachedRolePolicies':
        if (!role) return notFound(`The role with name ${roleName}`);
        return paged('AttachedPolicies', (role.attached ?? []).map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })));
      case 'ListRolePolicies':
        if (!role) return notFound(`The role with name ${roleName}`);
        return paged('PolicyNames', Object.keys(role.inline ?? {}));
      case 'GetRolePolicy': {
        const name = form.get('PolicyName') ?? '';
        const doc = role?.inline?.[name];
        if (!doc) return notFound(`The role policy with name ${name}`);
        return ok({ RoleName: roleName, PolicyName: name, PolicyDocument: enc(doc) });
      }
      case 'GetPolicy': {
        const arn = form.get('PolicyArn') ?? '';
        if (!d.iam?.policies?.[arn]) return notFound(`Policy ${arn}`);
        return ok({ Policy: { PolicyName: arn.split('/').pop(), Arn: arn, DefaultVersionId: 'v3', AttachmentCount: 1 } });
      }
      case 'GetPolicyVersion': {
        const arn = form.get('PolicyArn') ?? '';
        const doc = d.iam?.policies?.[arn];
        if (!doc) return notFound(`Policy ${arn}`);
        return ok({ PolicyVersion: { Document: enc(doc), VersionId: form.get('VersionId') ?? 'v3', IsDefaultVersion: true } });
      }
      case 'ListOpenIDConnectProviders':
        return ok({ OpenIDConnectProviderList: (d.iam?.oidcProviders ?? []).map((Arn) => ({ Arn })) });
      default:
        return xml(res, 400, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation ${esc(action)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
    }
  }

  function jsonService(service: string, action: string, body: Record<string, unknown>, res: http.ServerResponse): void {
    const type = service === 'sqs' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
    const ok = (b: unknown): void => json(res, 200, b, type);
    const err = (status: number, code: string, message: string): void => json(res, status, { __type: code, message }, type);
    if (service === 'kms') {
      const id = String(body.KeyId ?? '');
      const key = d.kms?.[id];
      if (!key) return err(400, 'NotFoundException', `Key '${id}' does not exist`);
      if (action === 'DescribeKey') return ok({ KeyMetadata: { KeyId: id.split('/').pop(), Arn: id, KeyManager: key.keyManager ?? 'CUSTOMER', KeyState: key.state ?? 'Enabled', Enabled: (key.state ?? 'Enabled') === 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' } });
      if (action === 'GetKeyRotationStatus') return ok({ KeyRotationEnabled: key.rotation, KeyId: id, RotationPeriodInDays: key.rotation ? 365 : undefined });
    }
    if (service === 'ecr' && action === 'GetRegistryScanningConfiguration') return ok({ registryId: '123456789012', scanningConfiguration: d.ecr ?? { scanType: 'BASIC', rules: [] } });
    if (service === 'sqs') {
      if (action === 'GetQueueUrl') {
        const name = String(body.QueueName ?? '');
        if (!d.sqs?.[name]) {
          res.setHeader('x-amzn-query-error', 'AWS.SimpleQueueService.NonExistentQueue;Sender');
          return err(400, 'com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.');
        }
        return ok({ QueueUrl: `${url}/123456789012/${name}` });
      }
      if (action === 'GetQueueAttributes') {
        const name = String(body.QueueUrl ?? '').split('/').pop() ?? '';
        const attrs = d.sqs?.[name];
        if (!attrs) return err(400, 'com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.');
        return ok({ Attributes: attrs });
      }
    }
    return err(400, 'UnknownOperationException', `${service}:${action}`);
  }

  function guardduty(method: string, parts: string[], res: http.ServerResponse, token: string | null): void {
    const ids = Object.keys(d.guardduty ?? {});
    if (method === 'GET' && parts.length === 1) {
      const p = page(ids, token);
      return json(res, 200, { detectorIds: p.items, ...(p.next ? { nextToken: p.next } : {}) }, 'application/json');
    }
    const det = d.guardduty?.[parts[1] ?? ''];
    if (method === 'GET' && parts.length === 2 && det) {
      return json(res, 200, { serviceRole: 'arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty', status: det.status, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', features: det.features.map((f) => ({ ...f, updatedAt: 1767225600 })) }, 'application/json');
    }
    return json(res, 400, { message: 'The request is rejected because the input detectorId is not owned by the current account.' }, 'application/json', 'BadRequestException');
  }

  /** The service and action of a request, from its headers, body and path: what the SDK put on the wire. */
  function classify(req: http.IncomingMessage, body: string, path: string): { service: string; action: string; form?: URLSearchParams; json?: Record<string, unknown> } {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [prefix = '', action = ''] = target.split('.');
      const service = prefix === 'TrentService' ? 'kms' : prefix.startsWith('AmazonEC2ContainerRegistry') ? 'ecr' : prefix === 'AmazonSQS' ? 'sqs' : prefix;
      return { service, action, json: body ? (JSON.parse(body) as Record<string, unknown>) : {} };
    }
    if (path.startsWith('/detector')) return { service: 'guardduty', action: path === '/detector' ? 'ListDetectors' : 'GetDetector' };
    const form = new URLSearchParams(body);
    const version = form.get('Version');
    return { service: version === '2010-05-08' ? 'iam' : version === '2016-11-15' ? 'ec2' : `unknown(${version ?? ''})`, action: form.get('Action') ?? '', form };
  }

  function denyOrThrottle(service: string, action: string, res: http.ServerResponse): boolean {
    const call = `${service}:${action}`;
    const denied = o.denied?.includes(call);
    const throttle = o.throttleOnce?.includes(call) && !throttled.has(call);
    if (!denied && !throttle) return false;
    if (throttle) throttled.add(call);
    const message = denied ? `User: arn:aws:sts::123456789012:assumed-role/auditor/keelson is not authorized to perform: ${call}` : 'Rate exceeded';
    if (service === 'ec2') {
      const code = denied ? 'UnauthorizedOperation' : 'RequestLimitExceeded';
      xml(res, denied ? 403 : 503, `<Response><Errors><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>r-1</RequestID></Response>`);
    } else if (service === 'iam') {
      const code = denied ? 'AccessDenied' : 'Throttling';
      xml(res, denied ? 403 : 400, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
    } else if (service === 'guardduty') {
      json(res, denied ? 403 : 429, { message }, 'application/json', denied ? 'AccessDeniedException' : 'TooManyRequestsException');
    } else {
      const type = service === 'sqs' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
      if (service === 'sqs' && denied) res.setHeader('x-amzn-query-error', 'AccessDenied;Sender');
      json(res, 400, { __type: denied ? 'AccessDeniedException' : 'ThrottlingException', message }, type);
    }
    return true;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://localhost');
      const c = classify(req, body, u.pathname);
      const call = `${c.service}:${c.action}`;
      calls.push(call);
      requests.push({ method: req.method ?? '', path: u.pathname, call });
      if (denyOrThrottle(c.service, c.action, res)) return;
      if (c.service === 'ec2') return ec2(c.action, c.form!, res);
      if (c.service === 'iam') return iam(c.action, c.form!, res);
      if (c.service === 'guardduty') return guardduty(req.method ?? '', u.pathname.split('/').filter(Boolean), res, u.searchParams.get('nextToken'));
      return jsonService(c.service, c.action, c.json ?? {}, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return { url, calls, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
