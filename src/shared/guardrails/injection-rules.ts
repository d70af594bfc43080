import { rulesOf, type AttackRule } from "./attack-kinds";

// Every pattern is matched against cleaned, NFKC-normalised text (see normalize.ts), so case,
// fullwidth forms and zero-width splitting are already dealt with. Quantifiers are bounded
// so a 10,000-character note cannot make a pattern backtrack for long.

// SQL keywords alone are ordinary English ("select", "delete", "union", "drop"); each pattern
// needs SQL syntax around them: a quote break, a statement separator, an operator, a function.
const ident = String.raw`[\w.\x60"\[\]]+`;
const SQL = rulesOf("sql_injection", [
  // ' OR 1=1   ' or 'a'='a   " OR ""="   ') or ('x'='x: a quote break, then a comparison of a
  // value with itself; "'A2' or 'A4' = stainless" compares different things and is prose.
  /['"\x60]\s*\)*\s*(?:(?:or|and|xor)(?=[\s'"(])|\|\||&&)\s*\(?\s*(['"]?)([\w@.%]{0,40})\1\s*(?:=|<>|!=|\blike\b)\s*\(?\s*['"]?\2(?![\w@.])/i,
  /['"\x60]\s*\)*\s*(?:or|and)\s+\(?\s*\d{1,10}\s*(?:<|>|<=|>=|<>|!=)\s*\d{1,10}\b/i,
  /['"\x60]\s*(?:or|and)\s+(?:true|false|not\b|\d+\s*(?:--|#|;|$))/i,
  /\b(?:or|and)\s+(\d{1,10})\s*=\s*\1\b/i,
  /\b0x[0-9a-f]{1,32}\s*=\s*0x[0-9a-f]{1,32}\b/i,
  /\bunion\s+(?:all\s+|distinct\s+)?select\b/i,
  /;\s*(?:drop|truncate|alter|create|rename)\s+(?:table|database|schema|view|index|user|procedure|function|trigger)\b/i,
  new RegExp(
    String.raw`;\s*(?:delete\s+from|insert\s+into|update\s+${ident}\s+set|shutdown\b|grant\s+\w+\s+on|declare\s+@|exec(?:ute)?\s*(?:\(|master\.|xp_|sp_|@))`,
    "i",
  ),
  new RegExp(String.raw`\bdrop\s+(?:table|database|schema)\s+(?:if\s+exists\s+)?${ident}\s*(?:;|--|#|$)`, "i"),
  new RegExp(String.raw`\bdelete\s+from\s+${ident}\s+where\b`, "i"),
  new RegExp(String.raw`\binsert\s+into\s+${ident}\s*(?:\(|values\b|select\b)`, "i"),
  new RegExp(String.raw`\bupdate\s+${ident}\s+set\s+${ident}\s*=`, "i"),
  /\bselect\s+\*\s+from\b/i,
  /\bselect\b.{0,80}?\bfrom\s+(?:information_schema|sys\.|mysql\.|pg_catalog|pg_\w+|sqlite_master|dual\b)/i,
  /\b(?:information_schema|sqlite_master|xp_cmdshell|sp_executesql|sp_oacreate)\b|@@version\b/i,
  /\bexec(?:ute)?\s+master\.\./i,
  /\bwaitfor\s+delay\s+['"]/i,
  /\b(?:sleep|pg_sleep)\(\s*\d{1,6}(?:\.\d+)?\s*\)/i,
  /\bbenchmark\s*\(\s*\d+\s*,/i,
  /\bload_file\s*\(|\binto\s+(?:out|dump)file\b/i,
  /\bchar\s*\(\s*\d{1,3}\s*(?:,\s*\d{1,3}\s*){2,}\)/i,
  // Comment tricks: an empty comment used as a separator, MySQL versioned comments,
  // a comment splicing two words, a quote followed straight by a line comment (admin'--).
  /\/\*\*\/|\/\*!\d*|\w\/\*[^*]{0,40}\*\/\w/,
  /\w['"](?:;)?(?:--|#)(?:\s|$)/,
  /['"]\s*;\s*--/,
  /['"]\s*--\s*$/,
]);

const HANDLERS = [
  "error|load|click|dblclick|mouse(?:over|out|enter|leave|down|up|move)|focus(?:in|out)?|blur|change",
  "submit|reset|select|key(?:down|up|press)|input|toggle|animation(?:start|end|iteration)",
  "transition(?:start|end|run)|pageshow|pagehide|begin|end|start|finish|unload|beforeunload|resize",
  "scroll|wheel|drag\\w{0,6}|drop|copy|cut|paste|pointer\\w{2,6}|touch\\w{3,6}|hashchange|message",
  "popstate|readystatechange|search|auxclick|contextmenu",
].join("|");
const SCRIPT = rulesOf("script_injection", [
  /<\s*\/?\s*script\b/i,
  /<\s*(?:iframe|frame|frameset|object|embed|applet|svg|meta|base|link|style|isindex)\b/i,
  /<\s*img\b[^<>]{0,200}?\bsrc\s*=/i,
  /<\s*[a-z][\w-]{0,20}\b[^<>]{0,200}?[\s"'/]on[a-z]{3,30}\s*=/i,
  new RegExp(String.raw`\bon(?:${HANDLERS})\s*=\s*['"\x60]?\s*[\w(\x60]`, "i"),
  /\bj\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i,
  /\b(?:vbscript|livescript|mocha)\s*:/i,
  /\bdata\s*:\s*(?:text\/html|image\/svg\+xml|application\/(?:x-)?(?:javascript|ecmascript|xhtml))/i,
  /\bdocument\s*\.\s*(?:cookie|domain|write(?:ln)?)\b|\bwindow\s*\.\s*location\b|\.innerHTML\s*=/i,
  // Called straight after the name, as code is written; "confirm (3) pallets" is prose.
  /\b(?:alert|prompt|confirm)\(\s*(?:\d|['"\x60]|document\b|window\b|\))/i,
  /\beval\(|\bString\s*\.\s*fromCharCode\s*\(|\bnew\s+Function\s*\(/i,
  /\bexpression\(|-moz-binding\b|\bsrcdoc\s*=|\bformaction\s*=|\bxlink:href\s*=/i,
]);

const PATH = rulesOf("path_traversal", [
  /(?:\.|%2e|%c0%ae|%u002e){2}(?:\/|\\|%2f|%5c|%c0%af|%c1%9c|%u2215|%u2216)/i,
  /\/etc\/(?:passwd|shadow|hosts|group|sudoers|issue|hostname)\b|\/proc\/self\//i,
  /\b[a-z]:[\\/]+(?:windows|winnt)[\\/]+(?:system32|system|win\.ini|system\.ini|repair)\b/i,
  /[\\/](?:windows|winnt)[\\/]+system32\b|\b(?:boot|win|system)\.ini\b/i,
  /\bfile:\/\/\/|\bWEB-INF[\\/]|\.htaccess\b|\.ssh[\\/]|\bid_rsa\b/i,
]);

const SHELLS = "(?:ba|z|k|da|c|tc)?sh";
const COMMAND = rulesOf("command_injection", [
  /\brm\s+-[a-z]{0,4}[rf][a-z]{0,4}\s+[/~.*$]/i,
  /\b(?:curl|wget)\b[^\n;|&]{0,80}?\b(?:https?|ftp):\/\//i,
  /[;&|]\s*(?:curl|wget)\s+-{0,2}\w/i,
  new RegExp(String.raw`\|\s*(?:${SHELLS}|python\d?|perl|ruby|php|powershell|pwsh)(?=\s*(?:$|[;&|)\n]|-[a-z]\b))`, "i"),
  /\x60\s*(?:id|whoami|uname|ls|cat|curl|wget|rm|sh|bash|nc|ping|echo|env|pwd|hostname|ifconfig|reboot|shutdown|python\d?|perl|sleep)\b[^\x60]{0,200}\x60/i,
  /\$\(\s*[a-z][^)]{0,200}\)/i,
  /\$\{\s*IFS\s*\}|\$IFS\b/,
  /[;&|]\s*(?:cat|more|less|head|tail|nl|tac|strings|type)\s+[/~\\]/i,
  /\b(?:nc|ncat|netcat)(?:\s+-\w{1,10}){0,4}\s+-[a-z]{0,4}[ec]\b/i,
  new RegExp(String.raw`\/dev\/tcp\/|\bmkfifo\b|\/bin\/${SHELLS}\b|>\s*\/dev\/null|\b2>&1\b`, "i"),
  new RegExp(
    String.raw`(?:;|&&?|\|\|?)\s*(?:whoami|id|uname|ifconfig|ipconfig|hostname|pwd|ls|systeminfo|reboot|shutdown` +
      String.raw`|sudo|chmod|chown|killall|${SHELLS}|powershell|pwsh|python\d?|perl|env|net\s+user)` +
      String.raw`(?=\s*(?:$|[;&|\n]|-[a-z]|\/|~))`,
    "i",
  ),
  /\bping\s+-[nctw]\s*\d/i,
  /\bpowershell(?:\.exe)?(?:\s+-\w{1,20}){0,4}\s+-(?:e|enc|encodedcommand|c|command)\b/i,
  new RegExp(String.raw`\bcmd(?:\.exe)?\s+\/c\b|\b${SHELLS}\s+-c\s+['"]`, "i"),
]);

/** Rules for SQL, script/HTML, path traversal and shell command payloads. */
export const INJECTION_RULES: readonly AttackRule[] = [...SQL, ...SCRIPT, ...PATH, ...COMMAND];
