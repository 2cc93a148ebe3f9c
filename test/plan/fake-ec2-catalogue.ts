/**
 * The two EC2 actions a catalogue refresh calls (EC2 query protocol: form-encoded POST, XML answers), on
 * 127.0.0.1: DescribeInstanceTypes and DescribeSpotPriceHistory, each paged with NextToken. Records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeInstanceType {
  readonly name: string;
  readonly arch: 'arm64' | 'x86_64';
  readonly manufacturer: 'AWS' | 'Intel' | 'AMD';
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly maxEni: number;
  readonly ipv4PerEni: number;
}

export interface FakeSpotPrice {
  readonly instanceType: string;
  readonly zone: string;
  readonly usd: number;
  readonly at: string;
}

export interface FakeEc2 {
  readonly url: string;
  readonly requests: URLSearchParams[];
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function typeItem(t: FakeInstanceType): string {
  return `<item><instanceType>${xml(t.name)}</instanceType><currentGeneration>true</currentGeneration><bareMetal>false</bareMetal><hypervisor>nitro</hypervisor>
<processorInfo><supportedArchitectures><item>${t.arch}</item></supportedArchitectures><manufacturer>${t.manufacturer}</manufacturer></processorInfo>
<vCpuInfo><defaultVCpus>${t.vcpu}</defaultVCpus></vCpuInfo><memoryInfo><sizeInMiB>${t.memoryMiB}</sizeInMiB></memoryInfo>
<networkInfo><maximumNetworkInterfaces>${t.maxEni}</maximumNetworkInterfaces><ipv4AddressesPerInterface>${t.ipv4PerEni}</ipv4AddressesPerInterface><defaultNetworkCardIndex>0</defaultNetworkCardIndex>
<networkCards><item><networkCardIndex>0</networkCardIndex><maximumNetworkInterfaces>${t.maxEni}</maximumNetworkInterfaces></item></networkCards></networkInfo></item>`;
}

export async function startFakeEc2Catalogue(types: readonly FakeInstanceType[], spot: readonly FakeSpotPrice[], pageSize = 2): Promise<FakeEc2> {
  const requests: URLSearchParams[] = [];
  const send = (res: http.ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
  };
  const page = <T>(items: readonly T[], token: string | null): { items: readonly T[]; next: string } => {
    const start = Number(token ?? 0);
    const next = start + pageSize < items.length ? `<nextToken>${start + pageSize}</nextToken>` : '';
    return { items: items.slice(start, start + pageSize), next };
  };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const q = new URLSearchParams(text);
      requests.push(q);
      const ns = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
      if (q.get('Action') === 'DescribeInstanceTypes') {
        const p = page(types, q.get('NextToken'));
        return send(res, 200, `<DescribeInstanceTypesResponse ${ns}><requestId>r-${requests.length}</requestId><instanceTypeSet>${p.items.map(typeItem).join('')}</instanceTypeSet>${p.next}</DescribeInstanceTypesResponse>`);
      }
      if (q.get('Action') === 'DescribeSpotPriceHistory') {
        const products = [...q.entries()].filter(([k]) => k.startsWith('ProductDescription.')).map(([, v]) => v);
        const rows = spot.filter(() => products.length === 0 || products.includes('Linux/UNIX'));
        const p = page(rows, q.get('NextToken'));
        const items = p.items.map((s) => `<item><instanceType>${xml(s.instanceType)}</instanceType><productDescription>Linux/UNIX</productDescription><spotPrice>${s.usd.toFixed(6)}</spotPrice><timestamp>${s.at}</timestamp><availabilityZone>${s.zone}</availabilityZone></item>`);
        return send(res, 200, `<DescribeSpotPriceHistoryResponse ${ns}><requestId>r-${requests.length}</requestId><spotPriceHistorySet>${items.join('')}</spotPriceHistorySet>${p.next}</DescribeSpotPriceHistoryResponse>`);
      }
      return send(res, 400, `<Response><Errors><Error><Code>InvalidAction</Code><Message>The action ${xml(q.get('Action') ?? '')} is not valid for this web service.</Message></Error></Errors><RequestID>r-${requests.length}</RequestID></Response>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
