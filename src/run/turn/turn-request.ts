import type { AgentInputItem } from '../../items/types.js';
import type { ModelRequest, SerializedTool, SerializedOutputType } from '../../models/interface.js';
import type { ModelSettings } from '../../models/model-settings.js';
import { ABORT_SOURCE, type LazyAbort } from '../../utils/lazy-abort.js';
import { CACHE_INPUT_JSON, type InputJsonCache } from '../../utils/input-json-cache.js';

/**
 * The {@link ModelRequest} of one turn. A class so that `signal` can be a getter on the prototype:
 * the run's `AbortSignal` costs microseconds to make and is made only if a model reads it (the
 * built-in transports listen to the run's abort through {@link ABORT_SOURCE} instead). Fields are
 * always present (undefined when unused) so every request has the same shape.
 */
export class TurnRequest implements ModelRequest {
  input: AgentInputItem[];
  modelSettings: ModelSettings;
  tools: SerializedTool[];
  systemInstructions: string | undefined;
  outputType: SerializedOutputType | undefined;
  previousResponseId: string | undefined;
  conversationId: string | undefined;
  [ABORT_SOURCE]: LazyAbort;
  /** The run's cache when the input is its own history (no callModelInputFilter): its items' JSON may be reused. */
  [CACHE_INPUT_JSON]: InputJsonCache | undefined;

  constructor(fields: Omit<ModelRequest, 'signal'> & { abort: LazyAbort; inputJson: InputJsonCache | undefined }) {
    this.input = fields.input;
    this.modelSettings = fields.modelSettings;
    this.tools = fields.tools;
    this.systemInstructions = fields.systemInstructions;
    this.outputType = fields.outputType;
    this.previousResponseId = fields.previousResponseId;
    this.conversationId = fields.conversationId;
    this[ABORT_SOURCE] = fields.abort;
    this[CACHE_INPUT_JSON] = fields.inputJson;
  }

  /** The run's signal (a spread copy of the request does not have it: pass `signal` along explicitly). */
  get signal(): AbortSignal {
    return this[ABORT_SOURCE].signal;
  }
}
