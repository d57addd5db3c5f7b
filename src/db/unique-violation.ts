// "This row already exists": Prisma reports it as P2002, but the PGlite adapter passes PostgreSQL's own error
// (SQLSTATE 23505) through, in a nested write for example. Repositories that rely on a unique key to keep one
// record (one creator per handle) check for both.
import { Prisma } from "../generated/prisma/client.js";

export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  const cause = (error as { cause?: { code?: string; originalCode?: string } } | null)?.cause;
  return cause?.code === "23505" || cause?.originalCode === "23505";
}
