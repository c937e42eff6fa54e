import { OtasukeError } from '../../core/errors.js';

/** Where the operator CLI writes: standard output and error in production, arrays in tests. */
export interface CliIo {
  out(line?: string): void;
  err(line?: string): void;
}

/** A mistake of the operator (unknown group, bad JSON …): printed as is, exit code 1. */
export class OperatorError extends OtasukeError {
  constructor(message: string) {
    super('OPERATOR_INPUT', message);
  }
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (line = '') => void process.stdout.write(`${line}\n`),
  err: (line = '') => void process.stderr.write(`${line}\n`),
};
