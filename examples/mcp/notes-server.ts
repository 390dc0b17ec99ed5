/**
 * A small local MCP server over stdio, written with the MCP SDK: a team's notes, searchable.
 * Any MCP client can start it; agentrun does so with
 *
 *   new MCPServerStdio({ command: process.execPath, args: ['--import', 'tsx', 'examples/mcp/notes-server.ts'] })
 *
 * Tools: `search_notes` (notes whose title or text contains a word) and `read_note` (one note by title).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const NOTES: Record<string, string> = {
  'refund policy': 'Refunds are due when an order is more than 5 days late. Refund the full price; no questions asked.',
  'shipping': 'Orders ship within 2 working days. Tracking links are sent by email.',
  'escalation': 'Angry customers with orders over 200 EUR go to the duty manager, Priya.',
};

const server = new McpServer({ name: 'notes', version: '1.0.0' });

server.registerTool(
  'search_notes',
  { description: 'Find the team notes whose title or text contains a word; returns their titles.', inputSchema: { query: z.string().describe('One word to look for') } },
  async ({ query }) => {
    const q = query.toLowerCase();
    const hits = Object.keys(NOTES).filter((title) => title.includes(q) || NOTES[title]!.toLowerCase().includes(q));
    return { content: [{ type: 'text', text: hits.length > 0 ? hits.join('\n') : `no note mentions '${query}'` }] };
  },
);

server.registerTool(
  'read_note',
  { description: 'Read one team note by its exact title.', inputSchema: { title: z.string() } },
  async ({ title }) => {
    const text = NOTES[title.toLowerCase()];
    if (text === undefined) return { content: [{ type: 'text', text: `no note titled '${title}'` }], isError: true };
    return { content: [{ type: 'text', text }] };
  },
);

await server.connect(new StdioServerTransport());
