// What a member reads when an import is refused for its size or shape (the limits in src/imports/limits.ts), when
// the parser gave up on a file, and while a file is written after it was read.
import { defineMessages } from "../domain/message-catalogue.js";

export const importMessages = defineMessages(
  {
    "import.complete_not_over":
      "{date} is not over yet for {shop} ({zone}): a day can be declared complete once it has ended there, so the latest is {latest}. Nothing was imported.",
    "import.limit.upload":
      "This file is {size}; files sent to the bot can be at most {limit}. Export a shorter date range (a week or a month at a time), or import it from a terminal with npm run import. Nothing was imported.",
    "import.limit.unzipped":
      "This XLSX file unpacks to more than {limit} ({part}), which no spreadsheet export does. Export it again from Seller Center, or save it as CSV and send that. Nothing was imported.",
    "import.limit.ratio":
      "This XLSX file unpacks to {ratio} times its size ({part}), more than the {limit} times a real spreadsheet does: it looks like a zip bomb, so it was not opened. Export it again from Seller Center. Nothing was imported.",
    "import.limit.entries":
      "This zip file holds more than {limit} files; an XLSX export has a dozen. Send the export itself. Nothing was imported.",
    "import.limit.columns":
      "Row {line} goes past column {limit} (the last column a spreadsheet has){ref}. Check the file is a Seller Center export, or save it as CSV from a spreadsheet program and send that. Nothing was imported.",
    "import.limit.rows":
      "This file has more than {limit} rows. Export a shorter date range and send the parts one by one. Nothing was imported.",
    "import.limit.cell":
      "A cell on line {line} is longer than {limit} characters (the most a spreadsheet cell holds). Check the file is a Seller Center export. Nothing was imported.",
    "import.limit.line":
      'The row starting on line {line} is longer than {limit} characters: most likely a quote (") opened and never closed. Fix that line or export the file again. Nothing was imported.',
    "import.limit.quote":
      'A quoted cell starting on line {line} runs past {limit} characters (the most a cell holds): most likely its closing quote (") is missing. Fix that line or export the file again. Nothing was imported.',
    "import.limit.tag":
      "This XLSX file has an XML tag longer than {limit} characters ({part}): it is damaged or not a spreadsheet. Export it again from Seller Center. Nothing was imported.",
    "import.limit.sparse":
      "This sheet places a few cells far apart ({ref}, with the columns before it empty), more than a real export does. Save it as CSV from a spreadsheet program and send that. Nothing was imported.",
    "import.limit.strings":
      "This XLSX file's text table is larger than {limit}. Save it as CSV from a spreadsheet program and send that, or export a shorter date range. Nothing was imported.",
    "import.too_complex":
      "This file is too complex to read: reading it needed more memory than an import may use. Save it as CSV or export a shorter date range. Nothing was imported.",
    "import.too_slow":
      "Reading this file took longer than {minutes} minutes, so it was stopped. Export a shorter date range and send the parts one by one. Nothing was imported.",
    "import.unterminated_quote":
      'A quoted cell starting on line {line} is never closed (a " without its partner). Fix that line or export the file again. Nothing was imported.',
    "import.writing": "Importing {file}: {rows} rows read, now writing them…",
    "import.staging": "Importing {file}: {rows} rows read, {written} written so far ({size})",
    "import.database_unavailable":
      "The database could not be reached while {file} was being imported, so nothing was imported. Send the same file again in a minute: it will be imported once.",
  },
  {
    "import.complete_not_over":
      "{shop}（{zone}）的 {date} 还没有结束：一天结束后才能声明为完整，最晚可以声明 {latest}。未导入任何数据。",
    "import.limit.upload":
      "这个文件有 {size}，发给机器人的文件最多 {limit}。请导出更短的日期范围（每次一周或一个月），或在命令行用 npm run import 导入。没有导入任何内容。",
    "import.limit.unzipped":
      "这个 XLSX 文件解压后超过 {limit}（{part}），任何表格导出都不会这么大。请从卖家中心重新导出，或另存为 CSV 后发送。没有导入任何内容。",
    "import.limit.ratio":
      "这个 XLSX 文件解压后是原大小的 {ratio} 倍（{part}），超过真实表格的 {limit} 倍：它看起来像压缩炸弹，因此没有打开。请从卖家中心重新导出。没有导入任何内容。",
    "import.limit.entries":
      "这个压缩文件包含超过 {limit} 个文件，而 XLSX 导出只有十几个。请发送导出文件本身。没有导入任何内容。",
    "import.limit.columns":
      "第 {line} 行超出了第 {limit} 列（表格的最后一列）{ref}。请确认这是卖家中心的导出文件，或用表格软件另存为 CSV 后发送。没有导入任何内容。",
    "import.limit.rows": "这个文件超过 {limit} 行。请导出更短的日期范围，分批发送。没有导入任何内容。",
    "import.limit.cell":
      "第 {line} 行有一个单元格超过 {limit} 个字符（表格单元格的上限）。请确认这是卖家中心的导出文件。没有导入任何内容。",
    "import.limit.line":
      '从第 {line} 行开始的这一行超过 {limit} 个字符：很可能有一个引号（"）没有闭合。请修正该行或重新导出。没有导入任何内容。',
    "import.limit.quote":
      '从第 {line} 行开始的带引号单元格超过 {limit} 个字符（单元格的上限）：很可能缺少闭合的引号（"）。请修正该行或重新导出。没有导入任何内容。',
    "import.limit.tag":
      "这个 XLSX 文件中有超过 {limit} 个字符的 XML 标签（{part}）：文件已损坏或不是表格。请从卖家中心重新导出。没有导入任何内容。",
    "import.limit.sparse":
      "这个工作表把少数单元格放得很远（{ref}，前面的列都是空的），真实导出不会这样。请用表格软件另存为 CSV 后发送。没有导入任何内容。",
    "import.limit.strings":
      "这个 XLSX 文件的文本表超过 {limit}。请用表格软件另存为 CSV 后发送，或导出更短的日期范围。没有导入任何内容。",
    "import.too_complex":
      "这个文件太复杂，无法读取：读取它需要的内存超过导入允许的上限。请另存为 CSV 或导出更短的日期范围。没有导入任何内容。",
    "import.too_slow": "读取这个文件超过了 {minutes} 分钟，已停止。请导出更短的日期范围，分批发送。没有导入任何内容。",
    "import.unterminated_quote":
      '从第 {line} 行开始的带引号单元格没有闭合（" 缺少配对）。请修正该行或重新导出。没有导入任何内容。',
    "import.writing": "正在导入 {file}：已读取 {rows} 行，正在写入……",
    "import.staging": "正在导入 {file}：已读取 {rows} 行，已写入 {written} 行（{size}）",
    "import.database_unavailable":
      "导入 {file} 时无法连接数据库，因此没有导入任何内容。请一分钟后再发送同一个文件：它只会被导入一次。",
  },
);
