/**
 * A file the tools cannot use, with a one-line reason that names the file. The CLIs print the message alone
 * (never a stack trace) and exit 1.
 */
export class PatientFileError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'PatientFileError';
  }
}
