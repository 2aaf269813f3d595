/** The page-world techniques as a plain page script, for calling them one by one from the tests. */
import { insertWithTechnique, whereFor } from '../../../extension/page-world/insert-techniques';

export interface InlayTechniques {
  insert: typeof insertWithTechnique;
  whereFor: typeof whereFor;
}

(window as unknown as { __inlayTechniques: InlayTechniques }).__inlayTechniques = {
  insert: insertWithTechnique,
  whereFor,
};
