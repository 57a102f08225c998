/**
 * The queues declared by the modules that import the engine (`WorkflowsModule.forChannel`, `forQueue`).
 * Declarations happen when those modules are defined, before the application module is assembled, so that
 * a worker process can start one processor per declared queue without a list of queues in the engine.
 */
const declared = new Set<string>();

export function declareQueue(name: string): void {
  declared.add(name);
}

export function declaredQueues(): string[] {
  return [...declared];
}
