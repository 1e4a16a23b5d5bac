import ts from 'typescript';

/**
 * Finds words meant for people that are written in code instead of coming from the message
 * catalogue: a string (or the literal part of a template) that reads as prose, or any literal
 * given as a Block Kit or modal text. Not flagged: log lines and errors (for operators, in
 * English), and strings that are identifiers, keys or Slack syntax rather than words.
 */
export interface Finding {
  readonly line: number;
  readonly text: string;
}

/** Two words of letters with a space between: "nothing was changed", "Open crisis". */
const PROSE = /\p{L}{2,}[ \u00a0]+\p{L}{2,}/u;
/** Properties whose string is shown to people as it is, whatever its length. */
const SHOWN = new Set(['text', 'placeholder', 'label', 'title', 'submit', 'close', 'fallback']);
const LOG_METHODS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);
/** Thrown for the logs or the operator's terminal (ConfigError), never shown in Slack. */
const LOGGED_ERRORS = new Set(['Error', 'PayloadError', 'TypeError', 'RangeError', 'ConfigError']);

function isLogCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && LOG_METHODS.has(callee.name.text) && /log/i.test(callee.expression.getText());
}

function isLoggedError(node: ts.NewExpression): boolean {
  return ts.isIdentifier(node.expression) && LOGGED_ERRORS.has(node.expression.text);
}

/** The literal text of a string or template (the parts between `${…}`). */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return undefined;
}

export function findEnglishLiterals(source: string, fileName = 'file.ts'): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const findings: Finding[] = [];
  const flag = (node: ts.Node, text: string) => findings.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isLogCall(node)) return;
    if (ts.isNewExpression(node) && isLoggedError(node)) return;
    // Imports, exports and types are module paths and type names, not words.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isPropertyAssignment(node) && SHOWN.has(node.name.getText())) {
      const text = literalText(node.initializer);
      if (text !== undefined && /\p{L}/u.test(text)) flag(node.initializer, text);
      else visit(node.initializer);
      return;
    }
    const text = literalText(node);
    if (text !== undefined) {
      if (PROSE.test(text)) flag(node, text);
      if (!ts.isTemplateExpression(node)) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}
