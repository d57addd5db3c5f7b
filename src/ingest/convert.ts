// Money into the team's currency at the rate of the fact's day (the nearest earlier day when that day has none,
// as everywhere in Starling), keeping what was sent: original currency and amount, and the rate day used.
import { Decimal } from "decimal.js";
import type { FxRepository } from "../metrics/fx-repository.js";
import type { RowProblem } from "./errors.js";
import type { ResolvedFact } from "./resolve.js";

export interface FactToWrite extends Omit<ResolvedFact, "currency" | "money"> {
  /** In the team's currency, at most 6 decimals (numeric(24, 6)). */
  value: string;
  originalCurrency: string | null;
  originalAmount: string | null;
  fxRateDate: string | null;
}

/** numeric(24, 6) holds less than 10^18. */
const LIMIT = new Decimal(10).pow(18);

export async function convertMoney(
  facts: ResolvedFact[],
  fx: Pick<FxRepository, "lookup">,
): Promise<{ facts: FactToWrite[]; problems: RowProblem[] }> {
  const foreign = facts.filter((f) => f.money && f.currency !== f.team.currency);
  const dates = foreign.map((f) => f.date).sort();
  const rates = foreign.length
    ? await fx.lookup(
        [...new Set(foreign.flatMap((f) => [f.currency, f.team.currency]))],
        dates[0] as string,
        dates.at(-1) as string,
      )
    : null;
  const out: FactToWrite[] = [];
  const problems: RowProblem[] = [];
  for (const fact of facts) {
    const { currency, money, ...rest } = fact;
    // A currency on a count (orders, videos) means nothing: the value is kept as it is.
    if (!money) {
      out.push({ ...rest, originalCurrency: null, originalAmount: null, fxRateDate: null });
      continue;
    }
    const original = { originalCurrency: currency, originalAmount: fact.value };
    if (currency === fact.team.currency) {
      out.push({ ...rest, ...original, fxRateDate: null });
      continue;
    }
    const found = rates?.rate(currency, fact.team.currency, fact.date);
    if (!found) {
      problems.push({
        code: "no_fx_rate",
        row: fact.row,
        field: "currency",
        message: `no ${currency} → ${fact.team.currency} rate on or before ${fact.date}: send the value in ${fact.team.currency}`,
      });
      continue;
    }
    const converted = new Decimal(fact.value).mul(found.rate).toDecimalPlaces(6);
    if (converted.gte(LIMIT)) {
      problems.push({
        code: "invalid_row",
        row: fact.row,
        field: "value",
        message: `${fact.value} ${currency} is ${converted.toFixed()} ${fact.team.currency}, more than a fact can hold`,
      });
      continue;
    }
    out.push({
      ...rest,
      value: converted.toFixed(),
      ...original,
      // The rate day actually used: the fact's own day, or the nearest earlier day that had a rate.
      fxRateDate: [...found.rateDates].sort().at(0) ?? fact.date,
    });
  }
  return { facts: out, problems };
}
