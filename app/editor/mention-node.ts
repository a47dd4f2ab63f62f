import {
  $applyNodeReplacement,
  TextNode,
  type EditorConfig,
  type LexicalNode,
  type NodeKey,
  type SerializedTextNode,
  type Spread,
} from "lexical";

// An @mention of a participant. It is a text entity (typed over as a whole) that carries the user's id;
// the server re-checks the id and re-writes the shown name, so a forged name cannot impersonate anyone.
export type SerializedMentionNode = Spread<{ userId: string; type: "mention"; version: 1 }, SerializedTextNode>;

export class MentionNode extends TextNode {
  __userId: string;

  static getType(): string {
    return "mention";
  }

  static clone(node: MentionNode): MentionNode {
    return new MentionNode(node.__userId, node.__text, node.__key);
  }

  static importJSON(serialized: SerializedMentionNode): MentionNode {
    return $createMentionNode(serialized.userId, serialized.text);
  }

  constructor(userId: string, text: string, key?: NodeKey) {
    super(text, key);
    this.__userId = userId;
  }

  exportJSON(): SerializedMentionNode {
    return { ...super.exportJSON(), userId: this.__userId, type: "mention", version: 1 };
  }

  createDOM(config: EditorConfig): HTMLElement {
    const dom = super.createDOM(config);
    dom.className = "mention";
    return dom;
  }

  isTextEntity(): true {
    return true;
  }

  canInsertTextBefore(): boolean {
    return false;
  }

  canInsertTextAfter(): boolean {
    return false;
  }
}

export function $createMentionNode(userId: string, text: string): MentionNode {
  const node = new MentionNode(userId, text);
  node.setMode("segmented").toggleDirectionless();
  return $applyNodeReplacement(node);
}

export function $isMentionNode(node: LexicalNode | null | undefined): node is MentionNode {
  return node instanceof MentionNode;
}
