// One text per attribute, written in Markdown: `markdownDescription` is what the provider sends (description_kind
// MARKDOWN, as terraform-plugin-framework's MarkdownDescription) and what the Registry docs render; `description` is
// the same text as plain prose for anything that shows descriptions verbatim (editors, `terraform providers schema`
// consumers that ignore the kind).

/** The Markdown the descriptions use, as plain text: code spans unwrapped, links as "text (url)", emphasis dropped. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, "$1 ($2)")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/(^|[\s(])_([^_]+)_(?=[\s).,;:]|$)/g, "$1$2");
}

/** Both descriptions of an attribute or schema from one Markdown text. */
export function described(markdown: string): { description: string; markdownDescription: string } {
  return { description: plainText(markdown), markdownDescription: markdown };
}
