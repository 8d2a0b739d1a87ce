// Searchable 客商 picker (docs/decisions/195): the search picker over /resources/investors (name, contact or phone).
// The text posts as `investorQuery`, the picked id as `investorId`; without JavaScript an exact name still works.
import { SearchPicker } from "~/components/ui/SearchPicker";

export interface InvestorOption {
  id: number;
  name: string;
  sourceRegion: string;
  contacts: string;
}

export function InvestorPicker(props: {
  id: string;
  label: string;
  query: string;
  selectedId: string;
  hint: string;
  error?: string;
  onQueryChange: (q: string) => void;
  onSelect: (o: InvestorOption | null) => void;
}) {
  return (
    <SearchPicker<InvestorOption>
      {...props}
      endpoint="/resources/investors"
      queryName="investorQuery"
      idName="investorId"
      selectedHint="已选定客商"
      required
      maxLength={120}
      detail={(item) => `${item.sourceRegion}${item.contacts ? ` · ${item.contacts}` : ""}`}
    />
  );
}
