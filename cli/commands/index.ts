import type { Command } from "../uplift";

// The registry: "group verb" → command. Add a command by adding a file and a line here.
export const commands: Record<string, Command> = {};
