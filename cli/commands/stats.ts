import type { Command } from "../uplift";

// Experiment statistics: "stats analyze", "stats srm".
export const statsCommands: Record<string, Command> = {};
