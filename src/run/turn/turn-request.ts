import type { AgentInputItem } from '../../items/types.js';
import type { InputJsonCache, ModelRequest, RunAbort, SerializedTool, SerializedOutputType } from '../../models/interface.js';
import type { ModelSettings } from '../../models/model-settings.js';

/**
 * The {@link ModelRequest} of one turn. A class so that `signal` can be a getter on the prototype:
 * the run's `AbortSignal` costs microseconds to make and is made only if a model reads it (the
 * built-in models listen to `abort` instead). Fields are always present (undefined when unused) so
 * every request has the same shape.
 */
export class TurnRequest implements ModelRequest {
  input: AgentInputItem[];
  modelSettings: ModelSettings;
  tools: SerializedTool[];
  systemInstructions: string | undefined;
  outputType: SerializedOutputType | undefined;
  previousResponseId: string | undefined;
  conversationId: string | undefined;
  abort: RunAbort;
  /** The run's cache when the input is its own history (no callModelInputFilter): its items' JSON may be reused. */
  inputJson: InputJsonCache | undefined;

  constructor(fields: Omit<ModelRequest, 'signal' | 'abort' | 'inputJson'> & { abort: RunAbort; inputJson: InputJsonCache | undefined }) {
    this.input = fields.input;
    this.modelSettings = fields.modelSettings;
    this.tools = fields.tools;
    this.systemInstructions = fields.systemInstructions;
    this.outputType = fields.outputType;
    this.previousResponseId = fields.previousResponseId;
    this.conversationId = fields.conversationId;
    this.abort = fields.abort;
    this.inputJson = fields.inputJson;
  }

  /** The run's signal (a spread copy of the request does not have it: pass `signal` along explicitly). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }
}
