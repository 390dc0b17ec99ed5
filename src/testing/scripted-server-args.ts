import { readFileSync } from 'node:fs';
import { UserError } from '../errors/index.js';
import { echoResponder } from './echo-responder.js';
import type { ScriptedServerOptions } from './scripted-server.js';
import type { ScriptedServerResult } from './server-types.js';

/** Usage text of the scripted server CLI. */
export const SCRIPTED_SERVER_USAGE = `Usage: scripted-server-cli (--echo [--tool-calls N] | --script FILE [--repeat])
         [--latency-ms N] [--event-delay-ms N] [--port N]
  --echo            answer deterministically: N tool calls (default 1) then "echo: <user text>"
  --script FILE     a JSON array of replies ({output, usage?, responseId?}, {httpStatus, body?}, faults)
  --repeat          replay the script from the start when it runs out (default: HTTP 500)
  --latency-ms N    delay before each answer
  --event-delay-ms N delay between stream events
  --port N          port on 127.0.0.1 (default 0: ephemeral)
Prints {"url","port","pid"} as one JSON line on stdout once listening; stops on SIGTERM / SIGINT.`;

/** Turn CLI flags into server options. Throws `UserError` naming the bad flag. */
export function parseScriptedServerArgs(argv: readonly string[]): ScriptedServerOptions {
  let echo = false;
  let toolCalls: number | undefined;
  let scriptFile: string | undefined;
  let repeat = false;
  const options: ScriptedServerOptions = { recordRequests: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UserError(`scripted-server-cli: ${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--echo': echo = true; break;
      case '--repeat': repeat = true; break;
      case '--script': scriptFile = value(); break;
      case '--tool-calls': toolCalls = integer(flag, value()); break;
      case '--latency-ms': options.latencyMs = integer(flag, value()); break;
      case '--event-delay-ms': options.eventDelayMs = integer(flag, value()); break;
      case '--port': options.port = integer(flag, value()); break;
      default: throw new UserError(`scripted-server-cli: unknown flag ${flag}`);
    }
  }
  if (echo === (scriptFile !== undefined)) throw new UserError('scripted-server-cli: give exactly one of --echo and --script FILE');
  if (echo) {
    options.fallback = echoResponder({ toolCalls });
    return options;
  }
  if (toolCalls !== undefined) throw new UserError('scripted-server-cli: --tool-calls only applies to --echo');
  const script = readScript(scriptFile!);
  if (repeat) {
    let next = 0;
    options.fallback = () => script[next++ % script.length]!;
  } else {
    options.script = script;
  }
  return options;
}

function readScript(file: string): ScriptedServerResult[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`scripted-server-cli: cannot read script ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UserError(`scripted-server-cli: script ${file} must be a non-empty JSON array of replies`);
  }
  // JSON cannot hold functions or Errors; each entry is checked when it is served.
  return parsed as ScriptedServerResult[];
}

function integer(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`scripted-server-cli: ${flag} must be a non-negative integer, got ${JSON.stringify(text)}`);
  return n;
}
