/**
 * The part of `@lhncbc/ucum-lhc` (no bundled types) that `units.ts` uses; see the package's
 * `source/ucumLhcUtils.js` (`convertUnitTo`) for the full result object.
 */
declare module '@lhncbc/ucum-lhc' {
  interface ConvertUnitResult {
    readonly status: 'succeeded' | 'failed' | 'error';
    readonly toVal: number | null;
    readonly msg: readonly string[];
  }
  interface UcumLhcUtilsInstance {
    convertUnitTo(
      fromUnitCode: string,
      fromVal: number,
      toUnitCode: string,
      options?: { readonly molecularWeight?: number },
    ): ConvertUnitResult;
  }
  const ucum: { readonly UcumLhcUtils: { getInstance(): UcumLhcUtilsInstance } };
  export default ucum;
}
