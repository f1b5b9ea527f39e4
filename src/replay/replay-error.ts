/** A replay that cannot go on (bad option, unreachable service, no draft order to select): one line, exit 1. */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}
