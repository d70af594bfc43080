import { rulesOf, type AttackRule } from "./attack-kinds";

// A PO's free text is read by agents that call models (DESIGN §2), so text addressed to a
// model rather than to a supplier is an attack. Ordinary buyer notes do say "ignore the
// earlier delivery date" or "act as an intermediary"; patterns need the model-directed
// object ("instructions", "system prompt", an AI role), not the verb alone.

const EARLIER = "previous|prior|above|earlier|preceding|former|original|existing|initial|foregoing";
const DIRECTIVES =
  "instructions?|prompts?|rules|directions|directives?|guidelines|guidance|context|commands|constraints|programming|system\\s+(?:prompt|message)";
const REVIEW = "review|approval|checks?|validation|verification|escalation|oversight";

const ENGLISH = [
  new RegExp(
    String.raw`\b(?:ignore|disregard|forget|bypass|override|overrule)\b[^.\n]{0,30}?\b(?:${EARLIER}|all|system)\s+(?:${DIRECTIVES})\b`,
    "i",
  ),
  new RegExp(
    String.raw`\b(?:ignore|disregard|forget)\s+(?:(?:all|any|the|your|my)\s+){0,2}(?:instructions|rules|prompts?|guidelines)` +
      String.raw`\s+(?:above|before|given|you\s+(?:were|have\s+been)\s+given)\b`,
    "i",
  ),
  /\bdisregard\s+(?:all\s+|everything\s+|anything\s+)?(?:of\s+)?(?:the\s+|what\s+is\s+|what's\s+)?(?:above|written\s+above|said\s+above)\b/i,
  /\bforget\s+(?:everything|all)\s+(?:above|before|previous|(?:you\s+)?(?:were\s+told|know|learned))\b/i,
  /\bdo\s+not\s+follow\s+(?:your|the|any)\s+(?:previous|prior|original|system)\s+(?:instructions|rules|prompt)\b/i,
  /\byou\s+are\s+now\s+(?:an?|the|my|no\s+longer|free\s+(?:of|from)|unrestricted|unfiltered|jailbroken|dan\b|acting\s+as|operating\s+(?:as|in|without))\b/i,
  /\bsystem\s*prompt\b|\b(?:system|developer)\s+(?:message|instructions?)\s*:/i,
  new RegExp(
    String.raw`\bact\s+as\s+(?:an?\s+|the\s+|my\s+|our\s+|your\s+)?(?:[\w-]+\s+){0,2}?(?:assistant|ai|bot|chatbot` +
      "|llm|gpt|admin|administrator|root|superuser|developer|dan|approver|supervisor|jailbroken" +
      String.raw`|unrestricted|unfiltered)\b`,
    "i",
  ),
  /\bact\s+as\s+(?:if|though)\s+you\s+(?:are|were|have|had)\s+(?:no|an?|the|not)\b/i,
  /\bpretend\s+(?:to\s+be|you\s+are|that\s+you)\b|\broleplay\s+as\b/i,
  /\b(?:new|updated|revised|real|actual|additional|true|override|hidden|secret)\s+(?:system\s+)?instructions?\s*:/i,
  /\b(?:instructions?|note|message)\s+(?:to|for)\s+(?:the\s+)?(?:ai|assistant|llm|model|chatbot|language\s+model)\s*(?:[:,\u2014-]|$)/i,
  new RegExp(
    String.raw`\bapprove\b[^.\n]{0,40}?\bwithout\s+(?:(?:any|human|manual|further|a|the)\s+){0,2}(?:${REVIEW})\b`,
    "i",
  ),
  new RegExp(
    String.raw`\b(?:bypass|circumvent|disable|turn\s+off)\s+(?:(?:all|any|the|your|human|manual|credit|safety` +
      String.raw`|security)\s+){0,3}(?:${REVIEW}|guardrails?|safety|filters?|restrictions?|limits?)\b`,
    "i",
  ),
  new RegExp(
    String.raw`\bskip\s+(?:the\s+|all\s+|any\s+)?(?:human|manual|credit|approval|compliance)\s+(?:${REVIEW})\b`,
    "i",
  ),
  /\bmark\s+(?:this|the)\s+(?:order|po|invoice)\s+as\s+(?:paid|approved)\b/i,
  /\bset\s+(?:(?:the|all|every|each|its|their|our|my)\s+)?(?:(?:unit|line|item|total|order|contract)\s+)?prices?\s+(?:to|at|=)/i,
  /\b(?:change|lower|reduce|drop|update)\s+(?:the\s+|all\s+)?(?:unit\s+)?prices?\s+to\s+\$?0(?:\.0+)?\b/i,
  new RegExp(
    String.raw`\boverride\s+(?:(?:the|any|all|your|this|its)\s+)?(?:[\w-]+\s+)?` +
      "(?:contract|pricing|prices?|polic(?:y|ies)|rules?|limits?|approvals?|playbook|guardrails?|safety" +
      String.raw`|restrictions?|system|instructions?|settings?|terms)\b`,
    "i",
  ),
  /\b(?:developer|debug|god|admin|sudo|dan|jailbreak|unrestricted)\s+mode\b|\bjailbr(?:eak|oken)|\bdo\s+anything\s+now\b/i,
  new RegExp(
    String.raw`\b(?:reveal|show|print|repeat|output|leak|display|tell\s+me)\s+(?:me\s+)?(?:your|the)\s+` +
      String.raw`(?:(?:initial|original|hidden|secret|system)\s+)*(?:prompt|instructions)\b`,
    "i",
  ),
];

// Chat-template role markers: text that tries to open a new turn in a model's transcript.
const ROLE_MARKERS = [
  /^[ \t]*#{2,}\s*(?:system|assistant|user|human|instructions?)\b/im,
  /<\|\s*(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\s*\|>/i,
  /\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|instructions?|assistant)>|\[(?:system|assistant)\]/i,
  /^[ \t]*(?:assistant|human)\s*:/im,
];

// \b only knows ASCII letters, so these patterns lean on the words themselves.
const OTHER_LANGUAGES = [
  // Spanish
  /ignor(?:a|e|en|ad|ar)\s+(?:todas\s+)?(?:las\s+|tus\s+|sus\s+)?(?:instrucciones|indicaciones|órdenes|reglas)\s+(?:anteriores|previas|de\s+arriba)/iu,
  /olvid(?:a|e|en|ad)\s+(?:todas\s+)?(?:las\s+)?(?:instrucciones|reglas)\s+(?:anteriores|previas)/iu,
  /aprueb(?:a|e|en)\s+(?:este|el)\s+pedido\s+sin\s+(?:revisión|revision|aprobación|aprobacion|control)/iu,
  /(?:prompt|indicaciones)\s+del\s+sistema/iu,
  // French
  new RegExp(
    String.raw`ignor(?:e|ez|er)\s+(?:toutes\s+)?(?:les\s+|vos\s+|tes\s+)?(?:instructions|consignes|directives` +
      String.raw`|règles)\s+(?:précédentes|precedentes|antérieures|anterieures|ci-dessus)`,
    "iu",
  ),
  /oubli(?:e|ez|er)\s+(?:toutes\s+)?(?:les\s+|vos\s+)?(?:instructions|consignes)\s+(?:précédentes|precedentes|antérieures|anterieures)/iu,
  /approuv(?:e|ez|er)\s+(?:cette|la)\s+commande\s+sans\s+(?:vérification|verification|contrôle|controle|validation|examen)/iu,
  // "Mettez le prix à jour" (update the price) is ordinary; an amount after "à" is not.
  /(?:fixe|fixez|mets|mettez)\s+le\s+prix\s+(?:à|a)\s*\d/iu,
  // German
  new RegExp(
    String.raw`ignorier(?:e|en|t)?\s+(?:alle\s+|sämtliche\s+|die\s+)?(?:vorherigen|bisherigen|vorigen|obigen` +
      String.raw`|früheren|vorangegangenen)\s+(?:anweisungen|instruktionen|befehle|regeln|vorgaben)`,
    "iu",
  ),
  /vergiss\s+(?:alle\s+)?(?:vorherigen\s+|bisherigen\s+)?(?:anweisungen|instruktionen|regeln)/iu,
  /genehmige\s+(?:diese|die)\s+bestellung\s+ohne\s+(?:prüfung|pruefung|freigabe|kontrolle)/iu,
  // Italian and Portuguese
  /ignora\s+(?:tutte\s+)?(?:le\s+)?istruzioni\s+(?:precedenti|sopra)/iu,
  /ignor(?:e|a|ar)\s+(?:todas\s+)?(?:as\s+)?instru(?:ções|coes)\s+(?:anteriores|acima)/iu,
  // Chinese (simplified and traditional)
  /(?:忽略|无视|無視|忽视|忽視|不要理会|不要理會|忘记|忘記|忘掉)(?:掉)?(?:你)?(?:之前|以前|先前|上面|上述|以上|上文|前面|此前|所有|全部|一切)(?:的)?(?:所有|全部)?(?:的)?(?:指令|指示|说明|說明|提示|规则|規則|命令|设定|設定)/u,
  /系统提示|系統提示|你现在是|你現在是/u,
  // Japanese
  /(?:以前|前|上記|これまで)の(?:すべての)?(?:指示|命令|指令|ルール|プロンプト)を(?:すべて)?(?:無視|忘れ)|システムプロンプト/u,
  // Russian
  new RegExp(
    "(?:игнорируй|игнорируйте|игнорировать|проигнорируй|проигнорируйте|забудь|забудьте" +
      String.raw`|не\s+обращай(?:те)?\s+внимания\s+на)\s+(?:все\s+)?` +
      String.raw`(?:предыдущие|прежние|прошлые|вышеуказанные|предшествующие)\s+(?:инструкции|указания|команды|правила)`,
    "iu",
  ),
  /системн(?:ый|ого|ые)\s+(?:промпт|подсказк)|ты\s+теперь\s+/iu,
  // Korean
  /이전(?:의)?\s*(?:모든\s*)?(?:지시|명령|지침)(?:를|을|사항을)?\s*(?:무시|잊어)/u,
];

/** Rules for text that addresses a model: overrides, role play, role markers, in several languages. */
export const PROMPT_RULES: readonly AttackRule[] = rulesOf("prompt_injection", [
  ...ENGLISH,
  ...ROLE_MARKERS,
  ...OTHER_LANGUAGES,
]);
