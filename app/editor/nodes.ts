import { AutoLinkNode, LinkNode } from "@lexical/link";
import { ListItemNode, ListNode } from "@lexical/list";
import { QuoteNode } from "@lexical/rich-text";
import { MentionNode } from "./mention-node";

// The one node list shared by the browser editor and the server's headless parser: if they differ,
// parsing a stored state throws. Paragraph, text and line break are Lexical's built-ins.
export const EDITOR_NODES = [ListNode, ListItemNode, LinkNode, AutoLinkNode, QuoteNode, MentionNode];
