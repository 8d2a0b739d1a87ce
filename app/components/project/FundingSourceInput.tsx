import { forwardRef, type InputHTMLAttributes } from "react";
import { FUNDING_SOURCES } from "~/domain/progressForms";

/** Free text with the usual sources suggested (企业自有资金, 银行贷款, PPP专项资金 …). The ref reaches the input,
 *  which react-hook-form needs to read it. */
export const FundingSourceInput = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(
  function FundingSourceInput(props, ref) {
    return (
      <>
        <input type="text" list="funding-sources" ref={ref} {...props} />
        <datalist id="funding-sources">
          {FUNDING_SOURCES.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </>
    );
  },
);
