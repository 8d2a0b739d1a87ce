// Searchable investor-enterprise picker: the search picker over /resources/enterprises. The text input posts as
// `enterpriseQuery`, so without JavaScript an exact name or credit code still works.
import { SearchPicker } from "~/components/ui/SearchPicker";

export interface EnterpriseOption {
  id: number;
  name: string;
  creditCode: string;
}

export function EnterprisePicker(props: {
  id: string;
  query: string;
  selectedId: string;
  error?: string;
  onQueryChange: (q: string) => void;
  onSelect: (e: EnterpriseOption | null) => void;
}) {
  return (
    <SearchPicker<EnterpriseOption>
      {...props}
      label="投资企业"
      endpoint="/resources/enterprises"
      queryName="enterpriseQuery"
      hint="输入企业名称或统一社会信用代码搜索，并从列表中选择"
      selectedHint="已选定企业"
      detail={(item) => item.creditCode}
    />
  );
}

/**
 * The registered enterprise a refused registration names (same name or credit code): shown under the new-enterprise
 * fields with a button that switches the form to picking it (the project form and the lead's signing form).
 */
export function RegisteredEnterpriseOffer({
  offer,
  onUse,
}: {
  offer: { id: number; name: string; creditCode: string } | null;
  onUse: (offer: { id: number; name: string }) => void;
}) {
  if (!offer) return null;
  return (
    <div className="chosen span-all">
      <span>
        已登记企业：{offer.name}（{offer.creditCode}）
      </span>
      <button type="button" onClick={() => onUse(offer)}>
        选用该企业
      </button>
    </div>
  );
}
