/**
 * The one error the knowledge loader throws: it names the file and the field so a reviewer can fix the data
 * without reading code (style §7: "On an error it throws a message naming the file and field").
 */

/** A knowledge file is missing, malformed or inconsistent with another file. */
export class KnowledgeError extends Error {
  /** Path of the offending file. */
  readonly file: string;
  /** Dotted path of the offending field (`''` for the whole file). */
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'KnowledgeError';
    this.file = file;
    this.field = field;
  }
}
