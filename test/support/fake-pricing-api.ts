/**
 * The AWS Price List API (AWS JSON 1.1, as the SDK v3 PricingClient speaks it) on 127.0.0.1: GetProducts over a
 * list of EC2 products, with TERM_MATCH filters and NextToken paging. Records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEc2Product {
  readonly instanceType: string;
  readonly regionCode: string;
  readonly usdPerHour: number;
  /** Attributes that differ from a Linux, shared-tenancy, on-demand product. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface FakePricing {
  readonly url: string;
  readonly requests: { readonly target: string; readonly body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** A price-list document shaped as GetProducts returns it (product, terms.OnDemand.*.priceDimensions.*). */
export function priceDocument(p: FakeEc2Product): string {
  const attributes = { servicecode: 'AmazonEC2', instanceType: p.instanceType, regionCode: p.regionCode, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required', ...p.attributes };
  const sku = `SKU${Buffer.from(`${p.instanceType}${JSON.stringify(attributes)}`).toString('hex').slice(0, 14).toUpperCase()}`;
  return JSON.stringify({
    product: { productFamily: 'Compute Instance', attributes, sku },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: { [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: { unit: 'Hrs', endRange: 'Inf', description: `$${p.usdPerHour} per On Demand Linux ${p.instanceType} Instance Hour`, appliesTo: [], rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`, beginRange: '0', pricePerUnit: { USD: p.usdPerHour.toFixed(10) } } },
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  });
}

export async function startFakePricingApi(products: readonly FakeEc2Product[], pageSize = 2): Promise<FakePricing> {
  const requests: { target: string; body: Record<string, unknown> }[] = [];
  const docs = products.map((p) => ({ doc: priceDocument(p), attrs: (JSON.parse(priceDocument(p)) as { product: { attributes: Record<string, string> } }).product.attributes }));
  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}` });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      let body: Record<string, unknown>;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return send(res, 400, { __type: 'SerializationException', message: 'body is not JSON' });
      }
      requests.push({ target, body });
      if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) return send(res, 400, { __type: 'SerializationException', message: 'expected POST application/x-amz-json-1.1' });
      if (target !== 'AWSPriceListService.GetProducts') return send(res, 400, { __type: 'UnknownOperationException', message: `unknown operation ${target}` });
      if (body.ServiceCode !== 'AmazonEC2') return send(res, 400, { __type: 'InvalidParameterException', message: `unknown service code ${String(body.ServiceCode)}` });
      const filters = (Array.isArray(body.Filters) ? body.Filters : []) as { Type: string; Field: string; Value: string }[];
      const matching = docs.filter((d) => filters.every((f) => f.Type === 'TERM_MATCH' && d.attrs[f.Field] === f.Value));
      const start = Number(body.NextToken ?? 0);
      const next = start + pageSize < matching.length ? String(start + pageSize) : undefined;
      return send(res, 200, { FormatVersion: 'aws_v1', PriceList: matching.slice(start, start + pageSize).map((d) => d.doc), ...(next ? { NextToken: next } : {}) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
