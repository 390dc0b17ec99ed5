import { UserError } from '../errors/index.js';

/**
 * Bad command-line usage (unknown flag, missing file, no such export, not an agent): the CLI
 * prints the message and exits with code 2. A `UserError` raised by a run itself exits with 1.
 */
export class CliUsageError extends UserError {}

/** The user's module failed while loading (its own error is the `cause`); the CLI exits with 1. */
export class AgentModuleError extends Error {}
