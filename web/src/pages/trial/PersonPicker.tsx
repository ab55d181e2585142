/**
 * A person number with a lookup: typing a number, a name's beginning or a full ID number asks
 * GET /api/v1/persons?q= (within the user's area; ID numbers come masked) and offers the matches.
 */
import { AutoComplete } from 'antd';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { api } from '../../api';
import { useT } from '../../i18n';
import type { PersonHit } from '../../types';

const S = {
  zh: { placeholder: '人员编号，或姓名开头、完整身份证号', searching: '正在查找…', none: '辖区内没有匹配的人员' },
  en: { placeholder: 'Person number, or the start of a name, or a full ID number', searching: 'Searching…', none: 'No matching person in your area' },
} as const;

export function PersonPicker({ value, onChange, onPick, id }: {
  value?: string;
  onChange?: (v: string) => void;
  onPick?: (p: PersonHit | undefined) => void;
  id?: string;
}): ReactNode {
  const t = useT(S);
  const [hits, setHits] = useState<readonly PersonHit[]>([]);
  const [searching, setSearching] = useState(false);
  const q = (value ?? '').trim();

  useEffect(() => {
    if (q === '') {
      setHits([]);
      return undefined;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setSearching(true);
      api<{ persons: PersonHit[] }>('/api/v1/persons', { query: { q, limit: 10 }, signal: ctl.signal })
        .then((r) => {
          setHits(r.persons);
          setSearching(false);
        })
        .catch(() => {
          if (!ctl.signal.aborted) {
            setHits([]);
            setSearching(false);
          }
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

  useEffect(() => {
    onPick?.(hits.find((h) => h.psn_no === q));
  }, [hits, q, onPick]);

  return (
    <AutoComplete
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={hits.map((h) => ({
        value: h.psn_no,
        label: `${h.psn_no}  ${h.psn_name ?? ''}  ${h.certno ?? ''}  ${h.town_admdvs ?? h.admdvs}`,
      }))}
      notFoundContent={q === '' ? null : searching ? t('searching') : t('none')}
      placeholder={t('placeholder')}
      allowClear
      id={id}
    />
  );
}
