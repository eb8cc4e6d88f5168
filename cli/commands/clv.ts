import type { Command } from "../uplift";

// Customer lifetime value models: "clv fit", "clv predict".
export const clvCommands: Record<string, Command> = {};
