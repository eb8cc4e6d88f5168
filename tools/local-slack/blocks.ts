// A subset of Block Kit's validation: the limits an approval message can realistically hit. Slack
// refuses the whole message with `invalid_blocks` when any of them is broken, which is a failure we
// want to see in tests rather than in a merchant's channel. Block types outside this subset are
// refused loudly too, with a message that says the local server does not model them.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const textOf = (v: unknown) => (isObject(v) && typeof v.text === "string" ? v.text : undefined);

function checkText(value: unknown, path: string, max: number, errors: string[], plainOnly = false): void {
  if (!isObject(value) || (value.type !== "plain_text" && value.type !== "mrkdwn")) {
    errors.push(`must be a text object [json-pointer:${path}]`);
    return;
  }
  if (plainOnly && value.type !== "plain_text") errors.push(`must be plain_text [json-pointer:${path}/type]`);
  const text = textOf(value);
  if (!text) errors.push(`must be more than 0 characters [json-pointer:${path}/text]`);
  else if (text.length > max) errors.push(`must be less than ${max + 1} characters [json-pointer:${path}/text]`);
}

function checkButton(el: Json, path: string, actionIds: Set<string>, errors: string[]): void {
  checkText(el.text, `${path}/text`, 75, errors, true);
  if (typeof el.action_id === "string") {
    if (el.action_id.length > 255) errors.push(`must be less than 256 characters [json-pointer:${path}/action_id]`);
    if (actionIds.has(el.action_id)) errors.push(`action_id already exists [json-pointer:${path}/action_id]`);
    actionIds.add(el.action_id);
  }
  if (el.value !== undefined && (typeof el.value !== "string" || el.value.length > 2000)) {
    errors.push(`must be a string of at most 2000 characters [json-pointer:${path}/value]`);
  }
  if (el.style !== undefined && el.style !== "primary" && el.style !== "danger") {
    errors.push(`must be one of primary, danger [json-pointer:${path}/style]`);
  }
}

/** Slack-style error strings for everything wrong with `blocks`; empty when Slack would accept them. */
export function validateBlocks(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ["must be an array [json-pointer:/blocks]"];
  const errors: string[] = [];
  if (blocks.length > 50) errors.push("must have at most 50 items [json-pointer:/blocks]");
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const path = `/blocks/${i}`;
    if (!isObject(block)) return void errors.push(`must be an object [json-pointer:${path}]`);
    if (typeof block.block_id === "string") {
      if (block.block_id.length > 255 || blockIds.has(block.block_id)) errors.push(`invalid block_id [json-pointer:${path}/block_id]`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case "section": {
        if (block.text === undefined && block.fields === undefined) errors.push(`must provide text or fields [json-pointer:${path}]`);
        if (block.text !== undefined) checkText(block.text, `${path}/text`, 3000, errors);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > 10) errors.push(`must have at most 10 items [json-pointer:${path}/fields]`);
          else block.fields.forEach((f, j) => checkText(f, `${path}/fields/${j}`, 2000, errors));
        }
        break;
      }
      case "actions": {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length < 1 || elements.length > 25) errors.push(`must have 1 to 25 items [json-pointer:${path}/elements]`);
        elements.forEach((el, j) => {
          if (isObject(el) && el.type === "button") checkButton(el, `${path}/elements/${j}`, actionIds, errors);
          else errors.push(`element type not modelled by local Slack [json-pointer:${path}/elements/${j}]`);
        });
        break;
      }
      case "context": {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length < 1 || elements.length > 10) errors.push(`must have 1 to 10 items [json-pointer:${path}/elements]`);
        elements.forEach((el, j) => checkText(el, `${path}/elements/${j}`, 3000, errors));
        break;
      }
      case "header":
        checkText(block.text, `${path}/text`, 150, errors, true);
        break;
      case "divider":
        break;
      default:
        errors.push(`block type ${String(block.type)} not modelled by local Slack [json-pointer:${path}/type]`);
    }
  });
  return errors;
}
