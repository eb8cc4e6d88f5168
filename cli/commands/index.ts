import type { Command } from "../uplift";
import { statsCommands } from "./stats";
import { clvCommands } from "./clv";

// The registry: "group verb" → command. Each group lives in its own file.
export const commands: Record<string, Command> = { ...statsCommands, ...clvCommands };
