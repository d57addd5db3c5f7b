// What a member reads when an import is refused for its size or shape (the limits in src/imports/limits.ts).
import { defineMessages } from "../domain/message-catalogue.js";

export const importMessages = defineMessages(
  {
    "import.placeholder_key": "(placeholder, remove when the first real message is added)",
  },
  {
    "import.placeholder_key": "(占位)",
  },
);
