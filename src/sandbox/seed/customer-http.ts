import http from 'node:http';

export interface CustomerResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One customer's browser, reduced to what seeding needs: GET a survey link, POST its form. Each
 * customer comes from an address of their own (the 127/8 loopback range on Linux), as real
 * customers do, so per-address limits see one person, not the whole seed.
 */
export function customerRequest(
  url: string,
  options: { method?: 'GET' | 'POST'; form?: Record<string, string>; localAddress?: string },
): Promise<CustomerResponse> {
  const target = new URL(url);
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname === 'localhost' ? '127.0.0.1' : target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        localAddress: options.localAddress,
        headers: {
          Accept: 'text/html',
          'User-Agent': 'ces-demo-seed (a simulated customer)',
          ...(body
            ? {
                'Content-Type': 'application/x-www-form-urlencoded',
                'Content-Length': Buffer.byteLength(body),
              }
            : {}),
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${url} timed out`)));
    request.on('error', reject);
    if (body) request.write(body);
    request.end();
  });
}

/** The loopback address customer `index` browses from (127.1.x.y), or null where only 127.0.0.1 exists. */
export function customerAddress(index: number, available: boolean): string | undefined {
  if (!available) return undefined;
  return `127.1.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`;
}

/** Whether this machine routes the whole 127/8 range to loopback (Linux does, macOS does not). */
export async function loopbackRangeWorks(): Promise<boolean> {
  const server = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await customerRequest(`http://127.0.0.1:${port}/`, { localAddress: '127.1.0.1' });
    return true;
  } catch {
    return false;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
