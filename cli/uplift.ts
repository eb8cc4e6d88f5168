// `npm run -s uplift -- <command> …`: the analysts' command line. Each command lives in its own
// module under cli/commands/ and is registered here.
import { commands } from "./commands";

export type CommandResult = { exitCode: number; stdout?: string; stderr?: string };
export type Command = { summary: string; run(args: string[]): Promise<CommandResult> };

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(22)} ${c.summary}`);
  return `usage: npm run -s uplift -- <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  // Commands are one or two words ("stats analyze"); take the longest that matches.
  const two = argv.slice(0, 2).join(" ");
  const name = commands[two] ? two : argv[0] ?? "";
  const command = commands[name];
  if (!command) {
    process.stderr.write(name && name !== "help" && name !== "--help" ? `unknown command: ${argv.join(" ")}\n\n${usage()}` : usage());
    return name === "help" || name === "--help" ? 0 : 2;
  }
  const rest = argv.slice(name.split(" ").length);
  try {
    const result = await command.run(rest);
    if (result.stdout) process.stdout.write(result.stdout.endsWith("\n") ? result.stdout : `${result.stdout}\n`);
    if (result.stderr) process.stderr.write(result.stderr.endsWith("\n") ? result.stderr : `${result.stderr}\n`);
    return result.exitCode;
  } catch (error) {
    process.stderr.write(`uplift ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
