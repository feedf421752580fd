/**
 * 消息目录（续）：归档、PDF/A、extract 与 verify 的句子。与 messages.ts 属于同一个目录，
 * 单独成文件只是为了让并行开发的分支合并时互不冲突；合并后可以并入 messages.ts。
 * The message catalogue, continued: archive, PDF/A, extract and verify. Same rules as
 * messages.ts (Chinese first, one function per situation, stable codes).
 */

export const amsg = {
  // ---- archive (--archive) ----
  archiveManifestInvalid: (file: string, detail: string) => `归档清单 ${file} 无法读取（${detail}），为避免覆盖已归档的记录，本次没有写入任何文件`,
  archiveManifestInvalidHint: () => '请检查或修复该清单；不要删除已归档的 PDF',
  archiveTampered: (file: string) => `已归档的文件 ${file} 与归档清单中记录的 SHA-256 不一致（文件在归档后被改动过），本次没有写入任何文件`,
  archiveTamperedHint: () => '请从备份恢复该文件，或由档案管理人员核实；本工具从不覆盖已归档的文件',
  archiveUnlisted: (file: string) => `归档文件夹中的 ${file} 没有记入清单（可能是上次运行中断时留下的），已保留原样，新版本另起文件名`,
  archiveNeeds3b: () => '--archive 只接受 PDF/A-3b 文件，不能与 --pdfa 1b 同时使用',
  archiveNewVersion: (file: string, version: number) => `已归档：${file}（第 ${version} 版；同一报告的旧版本保留不变）`,
  archiveFirst: (file: string) => `已归档：${file}`,
  archiveUnchanged: (file: string) => `归档中已有内容完全相同的文件，未改动：${file}`,
  pdfaProfile: (v: string) => `--pdfa 只能是 3b（默认，PDF/A-3b）或 1b（仅供校验的 PDF/A-1b 副本，不含源数据），而不是 ${v}`,

  // ---- extract ----
  extractUsage: () => '请指定一个 PDF 文件，例如 xxgk-report extract out/机关-2024.pdf -o 数据.yaml',
  extractNoSource: (file: string) => `${file} 中没有嵌入的源数据（AFRelationship 为 Source 的附件）`,
  extractNoSourceHint: () => '只有本工具生成的 PDF/A-3b 文件带有源数据；PDF/A-1b 校验副本不含附件',
  extractExists: (file: string) => `${file} 已存在且内容不同，未覆盖`,
  extractExistsHint: () => '换一个文件名，或先删除（或改名）已有的文件',
  extractDone: (name: string, size: number, sha: string, to: string) => `已取出源数据 ${name}（${size} 字节，SHA-256 ${sha}）→ ${to}`,

  // ---- verify ----
  verifyUsage: () => '请指定要检查的 PDF 文件，例如 xxgk-report verify out/机关-2024.pdf --manifest 归档/2024/机关-2024.manifest.json',
  verifyNotPdf: (detail: string) => `文件结构无法读取，不是完整的 PDF（${detail}）`,
  verifyXref: (detail: string) => `交叉引用表与文件内容不符（${detail}），文件可能被截断或改动`,
  verifyEncrypted: () => '文件被加密；PDF/A 不允许加密',
  verifyNoTrailerId: () => '文件尾（trailer）缺少文件标识 /ID（PDF/A 要求）',
  verifyNoMetadata: () => '缺少 XMP 元数据流（PDF/A 要求在目录中有 /Metadata）',
  verifyXmpMalformed: (detail: string) => `XMP 元数据不是格式正确的 XML（${detail}）`,
  verifyNoPdfaId: () => 'XMP 中没有 PDF/A 标识（pdfaid:part、pdfaid:conformance）',
  verifyPdfaId: (part: string, conf: string) => `PDF/A 标识为 ${part}${conf}，本工具只生成 PDF/A-3B（归档）和 PDF/A-1B（校验副本）`,
  verifyVersion: (header: string, part: string) => `文件头版本 ${header} 与 PDF/A-${part} 不符（PDF/A-1 要求不高于 1.4，PDF/A-2/3 不高于 1.7）`,
  verifyNoOutputIntent: () => '缺少 PDF/A 输出意图（OutputIntent /GTS_PDFA1 及 ICC 特性文件）',
  verifyMissingMeta: (field: string) => `元数据缺少“${field}”`,
  verifyMetaMismatch: (info: string, xmp: string, a: string, b: string) => `信息字典 ${info}（${a}）与 XMP ${xmp}（${b}）不一致`,
  verifyUndeclared: (prop: string) => `XMP 使用了自定义属性 ${prop}，但没有在 PDF/A 扩展模式中声明`,
  verifyModDate: () => '信息字典中有修改日期 ModDate，而 XMP 中没有对应的 xmp:ModifyDate',
  verifyLang: (v: string) => `文档语言（目录 /Lang）应为 zh-CN，实为 ${v}`,
  verifyDisplayTitle: () => '没有设置在阅读器标题栏显示文档标题（ViewerPreferences /DisplayDocTitle）',
  verifyFontNotEmbedded: (font: string) => `字体 ${font} 没有嵌入`,
  verifyFontNotSubset: (font: string) => `字体 ${font} 不是子集（字体名应带 6 个大写字母加“+”的前缀）`,
  verifyFontNoToUnicode: (font: string) => `字体 ${font} 没有 ToUnicode 映射，文字无法检索和复制`,
  verifyGlyphNoUnicode: (font: string, n: number, page: number) => `字体 ${font} 在第 ${page} 页有 ${n} 个字形没有 Unicode 映射`,
  verifyNotdef: (font: string, page: number, n: number) => `第 ${page} 页用字体 ${font} 印出了 ${n} 处 .notdef（缺字，通常显示为空白或方框）`,
  verifyForbidden: (what: string) => `含有 PDF/A 不允许的内容：${what}`,
  verifyNoSource: () => '没有嵌入的源数据（AFRelationship 为 Source 的关联文件）',
  verifySourceBroken: (detail: string) => `嵌入的源数据不完整：${detail}`,
  verifySourceHash: (a: string, b: string) => `嵌入的源数据的 SHA-256（${a}）与 XMP 中记录的（${b}）不一致`,
  verifyManifestRead: (file: string, detail: string) => `无法读取归档清单 ${file}（${detail}）`,
  verifyManifestNoEntry: (sha: string) => `归档清单中没有 SHA-256 为 ${sha} 的 PDF：文件与归档记录不符（可能被改动过）`,
  verifyManifestData: (a: string, b: string) => `嵌入的源数据的 SHA-256（${a}）与归档清单中记录的（${b}）不一致`,
  verifyManifestField: (field: string, a: string, b: string) => `${field}与归档清单不一致：文件为 ${a}，清单为 ${b}`,
  verifyPassed: (file: string, profile: string) => `通过：${file} 符合本工具的 ${profile} 检查`,
  verifyFailed: (file: string, n: number) => `未通过：${file} 有 ${n} 项检查不合格`,
};
