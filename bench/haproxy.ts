import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Configuration of Debian's haproxy for the horizontal-scale scenario: one frontend in front of one replica and one
 * in front of two (round robin), both in the same process so the balancer's own cost is the same on both sides.
 */
export function writeHaproxyConfig(dir: string, ports: { readonly one: number; readonly two: number }, replicas: readonly [number, number]): string {
  const [first, second] = replicas;
  const config = `global
  maxconn 2000
  nbthread 1

defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always

frontend one
  bind 127.0.0.1:${ports.one}
  default_backend one

backend one
  server r1 127.0.0.1:${first}

frontend two
  bind 127.0.0.1:${ports.two}
  default_backend two

backend two
  balance roundrobin
  server r1 127.0.0.1:${first}
  server r2 127.0.0.1:${second}
`;
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  return file;
}
