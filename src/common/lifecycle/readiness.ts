/**
 * Whether this process still takes new work. Set once, when shutdown begins: /health/ready then answers
 * 503 so that a load balancer or an orchestrator stops sending requests while the process drains.
 */
let draining = false;

export function markDraining(): void {
  draining = true;
}

export function isDraining(): boolean {
  return draining;
}
