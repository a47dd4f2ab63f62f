import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "remix-utils/use-hydrated";
import type { RegionTree } from "~/services/reference-data.server";

/**
 * Kota → kecamatan → kelurahan filters. Without JavaScript every option is listed (grouped by parent);
 * once hydrated, each list narrows to the region chosen above it.
 */
export function RegionFilterSelects({
  tree,
  value,
}: {
  tree: RegionTree;
  value: { kota?: string; kecamatan?: string; kelurahan?: string };
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [kota, setKota] = useState(value.kota ?? "");
  const [kecamatan, setKecamatan] = useState(value.kecamatan ?? "");
  const [kelurahan, setKelurahan] = useState(value.kelurahan ?? "");

  const kotaList = hydrated && kota ? tree.filter((k) => k.code === kota) : tree;
  const kecList = kotaList.flatMap((k) => k.kecamatan.map((kec) => ({ ...kec, kota: k.name })));
  const kecShown = hydrated && kecamatan ? kecList.filter((k) => k.code === kecamatan) : kecList;

  return (
    <>
      <div>
        <label htmlFor="kota">{t("list.kota")}</label>
        <select id="kota" name="kota" value={kota} onChange={(e) => { setKota(e.target.value); setKecamatan(""); setKelurahan(""); }}>
          <option value="">{t("list.anyKota")}</option>
          {tree.map((k) => <option key={k.code} value={k.code}>{k.name}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="kecamatan">{t("list.kecamatan")}</label>
        <select id="kecamatan" name="kecamatan" value={kecamatan} onChange={(e) => { setKecamatan(e.target.value); setKelurahan(""); }}>
          <option value="">{t("list.anyKecamatan")}</option>
          {kotaList.map((k) => (
            <optgroup key={k.code} label={k.name}>
              {k.kecamatan.map((kec) => <option key={kec.code} value={kec.code}>{kec.name}</option>)}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="kelurahan">{t("list.kelurahan")}</label>
        <select id="kelurahan" name="kelurahan" value={kelurahan} onChange={(e) => setKelurahan(e.target.value)}>
          <option value="">{t("list.anyKelurahan")}</option>
          {kecShown.map((kec) => (
            <optgroup key={kec.code} label={`${kec.name} (${kec.kota})`}>
              {kec.kelurahan.map((kel) => <option key={kel.code} value={kel.code}>{kel.name}</option>)}
            </optgroup>
          ))}
        </select>
      </div>
    </>
  );
}

/**
 * One required kelurahan, grouped by kota and kecamatan (used by the report and registration forms). With `value`
 * and `onChange` the page controls it (the report form sets it from the picked point); otherwise it keeps its own.
 */
export function KelurahanSelect({
  tree,
  id,
  name,
  defaultValue,
  value,
  onChange,
  placeholder,
  ...aria
}: {
  tree: RegionTree;
  id: string;
  name: string;
  defaultValue?: string;
  value?: string;
  onChange?: (code: string) => void;
  placeholder: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}) {
  const state = value === undefined ? { defaultValue: defaultValue ?? "" } : { value, onChange: (e: { target: { value: string } }) => onChange?.(e.target.value) };
  return (
    <select id={id} name={name} {...state} required {...aria}>
      <option value="">{placeholder}</option>
      {tree.flatMap((kota) =>
        kota.kecamatan.map((kec) => (
          <optgroup key={kec.code} label={`${kec.name} — ${kota.name}`}>
            {kec.kelurahan.map((kel) => <option key={kel.code} value={kel.code}>{kel.name}</option>)}
          </optgroup>
        )),
      )}
    </select>
  );
}

/**
 * Choosing many regions without JavaScript: checkboxes grouped kota → kecamatan (→ kelurahan), each kota
 * folded away unless something inside it is chosen, with the current choice listed above.
 */
export function RegionCheckboxTree({
  tree,
  name,
  selected,
  withProvince = false,
  withKelurahan = false,
  labels,
}: {
  tree: RegionTree;
  name: string;
  selected: readonly string[];
  withProvince?: boolean;
  withKelurahan?: boolean;
  labels: { province: string; wholeKota: string; kelurahanOf: string; chosen: string; none: string };
}) {
  const chosen = new Set(selected);
  const names = new Map<string, string>([["31", labels.province]]);
  for (const kota of tree) {
    names.set(kota.code, kota.name);
    for (const kec of kota.kecamatan) {
      names.set(kec.code, `Kec. ${kec.name}`);
      for (const kel of kec.kelurahan) names.set(kel.code, kel.name);
    }
  }
  const inside = (code: string) => [...chosen].some((c) => c.startsWith(code));
  return (
    <div className="region-tree">
      <p className="hint">
        {labels.chosen}: {selected.length ? selected.map((c) => names.get(c) ?? c).join(", ") : labels.none}
      </p>
      {withProvince && (
        <label className="region-option">
          <input type="checkbox" name={name} value="31" defaultChecked={chosen.has("31")} /> {labels.province}
        </label>
      )}
      {tree.map((kota) => (
        <details key={kota.code} open={inside(kota.code)}>
          <summary>{kota.name}</summary>
          <label className="region-option">
            <input type="checkbox" name={name} value={kota.code} defaultChecked={chosen.has(kota.code)} /> {labels.wholeKota} {kota.name}
          </label>
          <div className="checkbox-grid">
            {kota.kecamatan.map((kec) => (
              <div key={kec.code}>
                <label>
                  <input type="checkbox" name={name} value={kec.code} defaultChecked={chosen.has(kec.code)} /> Kec. {kec.name}
                </label>
                {withKelurahan && (
                  <details className="kelurahan-list" open={kec.kelurahan.some((k) => chosen.has(k.code))}>
                    <summary>{labels.kelurahanOf} ({kec.kelurahan.length})</summary>
                    {kec.kelurahan.map((kel) => (
                      <label key={kel.code}>
                        <input type="checkbox" name={name} value={kel.code} defaultChecked={chosen.has(kel.code)} /> {kel.name}
                      </label>
                    ))}
                  </details>
                )}
              </div>
            ))}
          </div>
        </details>
      ))}
    </div>
  );
}

export const treeLabels = (t: (key: string) => string) => ({
  province: t("admin.wholeProvince"),
  wholeKota: t("admin.wholeKota"),
  kelurahanOf: t("admin.kelurahanList"),
  chosen: t("admin.chosen"),
  none: t("admin.noneChosen"),
});
