// A small HTTP load generator (node:http, keep-alive): sequential requests for the latency
// distribution (µs resolution), and N concurrent loops for a bounded time for throughput.
import http from "node:http";

function once(agent, target) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      { agent, host: target.host, port: target.port, path: target.path, method: "POST", headers: target.headers },
      (res) => {
        let bytes = 0;
        res.on("data", (d) => (bytes += d.length));
        res.on("end", () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve({ ms, bytes });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(target.body);
  });
}

/** `target`: {host, port, path, headers, body}. Returns per-request latencies (ms). */
export async function sequential(target, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out = [];
  let bytes = 0;
  try {
    for (let i = 0; i < n; i++) {
      const r = await once(agent, target);
      out.push(r.ms);
      bytes = r.bytes;
    }
  } finally {
    agent.destroy();
  }
  return { latencies: out, bytes };
}

/** `connections` loops for `seconds`; returns {requests, rps, errors, latencies}. */
export async function concurrent(target, connections, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const end = performance.now() + seconds * 1000;
  const latencies = [];
  let errors = 0;
  const t0 = performance.now();
  const loop = async () => {
    while (performance.now() < end) {
      try {
        latencies.push((await once(agent, target)).ms);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { requests: latencies.length, rps: latencies.length / elapsed, errors, latencies };
}
