// Block Kit limits the Slack stand-in enforces. Real Slack rejects a whole message (or view) when
// one of these is broken, which is exactly the kind of failure that only shows up in production
// if tests talk to a lenient fake. Messages mimic Slack's `response_metadata.messages` wording:
//   "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
// Only the limits below are checked; anything else is accepted.

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  optionText: 75,
  optionValue: 150,
  id: 255,
  viewTitle: 24,
  viewPrivateMetadata: 3000,
  messageText: 40000,
} as const;

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Collector {
  readonly errors: string[] = [];
  add(pointer: string, what: string): void {
    this.errors.push(`[ERROR] ${what} [json-pointer:${pointer}]`);
  }
  /** Slack counts characters, not bytes; `[...s]` counts code points like Slack does for emoji. */
  maxLen(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && [...value].length > max) {
      this.add(pointer, `must be less than ${max + 1} characters`);
    }
  }
  textObject(pointer: string, value: unknown, max: number, plainOnly = false): void {
    if (!isObj(value)) return this.add(pointer, 'must provide an object');
    if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
      return this.add(`${pointer}/type`, `must be ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
    }
    if (typeof value.text !== 'string' || value.text.length === 0) {
      return this.add(`${pointer}/text`, 'must be more than 0 characters');
    }
    this.maxLen(`${pointer}/text`, value.text, max);
  }
}

/** Returns Slack-style error lines; an empty array means the blocks would be accepted. */
export function validateBlocks(blocks: unknown, maxBlocks: number = LIMITS.messageBlocks): string[] {
  const c = new Collector();
  if (!Array.isArray(blocks)) {
    c.add('/blocks', 'must provide an array');
    return c.errors;
  }
  if (blocks.length > maxBlocks) c.add('/blocks', `no more than ${maxBlocks} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const p = `/blocks/${i}`;
    if (!isObj(block) || typeof block.type !== 'string') return c.add(p, 'must provide a block object with a type');
    if (typeof block.block_id === 'string') {
      // Duplicate block_ids are a classic bug when a message is assembled from reusable parts.
      if (blockIds.has(block.block_id)) c.add(`${p}/block_id`, 'duplicate block_id');
      blockIds.add(block.block_id);
    }
    checkBlock(c, p, block);
  });
  scanIds(c, '/blocks', blocks);
  return c.errors;
}

function checkBlock(c: Collector, p: string, block: Json): void {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        c.add(p, 'must provide either text or fields');
      }
      if (block.text !== undefined) c.textObject(`${p}/text`, block.text, LIMITS.sectionText);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > LIMITS.sectionFields) {
          c.add(`${p}/fields`, `no more than ${LIMITS.sectionFields} items allowed`);
        }
        block.fields.forEach((f, j) => c.textObject(`${p}/fields/${j}`, f, LIMITS.sectionField));
      }
      if (isObj(block.accessory)) checkElement(c, `${p}/accessory`, block.accessory);
      break;
    }
    case 'header':
      c.textObject(`${p}/text`, block.text, LIMITS.headerText, true);
      break;
    case 'context':
      if (!Array.isArray(block.elements)) break;
      if (block.elements.length > LIMITS.contextElements) {
        c.add(`${p}/elements`, `no more than ${LIMITS.contextElements} items allowed`);
      }
      break;
    case 'actions':
      if (!Array.isArray(block.elements)) break;
      if (block.elements.length > LIMITS.actionsElements) {
        c.add(`${p}/elements`, `no more than ${LIMITS.actionsElements} items allowed`);
      }
      block.elements.forEach((e, j) => {
        if (isObj(e)) checkElement(c, `${p}/elements/${j}`, e);
      });
      break;
    case 'input':
      if (isObj(block.element)) checkElement(c, `${p}/element`, block.element);
      break;
    default:
      break;
  }
}

function checkElement(c: Collector, p: string, el: Json): void {
  if (el.type === 'button') {
    c.textObject(`${p}/text`, el.text, LIMITS.buttonText, true);
    c.maxLen(`${p}/value`, el.value, LIMITS.buttonValue);
    c.maxLen(`${p}/url`, el.url, LIMITS.buttonUrl);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      c.add(`${p}/style`, 'must be one of primary, danger');
    }
  }
  if (Array.isArray(el.options)) {
    el.options.forEach((o, j) => {
      if (!isObj(o)) return;
      c.textObject(`${p}/options/${j}/text`, o.text, LIMITS.optionText);
      c.maxLen(`${p}/options/${j}/value`, o.value, LIMITS.optionValue);
    });
  }
}

/** action_id / block_id limits apply wherever they appear, including nested inputs and accessories. */
function scanIds(c: Collector, p: string, node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => scanIds(c, `${p}/${i}`, n));
  } else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'action_id' || k === 'block_id') c.maxLen(`${p}/${k}`, v, LIMITS.id);
      else scanIds(c, `${p}/${k}`, v);
    }
  }
}

/** Checks for views.open: the modal's own limits plus its blocks (up to 100 in a view). */
export function validateView(view: unknown): string[] {
  const c = new Collector();
  if (!isObj(view)) {
    c.add('/view', 'must provide an object');
    return c.errors;
  }
  if (view.type !== 'modal' && view.type !== 'home') c.add('/view/type', 'must be modal or home');
  if (view.type === 'modal') {
    c.textObject('/view/title', view.title, LIMITS.viewTitle, true);
    if (view.submit !== undefined) c.textObject('/view/submit', view.submit, LIMITS.viewTitle, true);
    if (view.close !== undefined) c.textObject('/view/close', view.close, LIMITS.viewTitle, true);
  }
  c.maxLen('/view/callback_id', view.callback_id, LIMITS.id);
  c.maxLen('/view/private_metadata', view.private_metadata, LIMITS.viewPrivateMetadata);
  const blockErrors = validateBlocks(view.blocks ?? [], LIMITS.viewBlocks).map((e) =>
    e.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks'),
  );
  return [...c.errors, ...blockErrors];
}
