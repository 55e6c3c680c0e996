// Switchboard's addition to FerretDB's PostgreSQL backend (copied into
// internal/backends/postgresql/ by scripts/ensure.mjs): equality and $in filters written so that
// PostgreSQL answers them from an index instead of scanning the table.
//
// Stock FerretDB writes `_jsonb->$1 @> $2`: a key passed as a parameter and a containment test,
// which no btree index can serve. Here:
//   - `_id` (never an array) compares with `=` on `_jsonb->'_id'`, the expression of the unique
//     btree index FerretDB builds for `_id`;
//   - any other top-level field uses whole-document containment,
//     `_jsonb @> '{"f": v}' OR _jsonb @> '{"f": [v]}'` (the second arm matches arrays holding v,
//     as MongoDB's equality does), served by the GIN (jsonb_path_ops) index made with each table.
// FerretDB filters the rows it gets back again in Go, so a pushdown may widen a filter, never
// narrow it; anything not handled here falls back to FerretDB's own SQL.

package postgresql

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
)

// switchboardValue is v as the JSON FerretDB stores it, for the scalar types pushed down.
func switchboardValue(v any) (string, bool) {
	var b []byte
	var err error

	switch v := v.(type) {
	case string, types.ObjectID, time.Time:
		b, err = sjson.MarshalSingleValue(v)
	case bool, int32:
		b, err = json.Marshal(v)
	case int64:
		if float64(v) > types.MaxSafeDouble || float64(v) < -types.MaxSafeDouble {
			return "", false
		}
		b, err = json.Marshal(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) || v > types.MaxSafeDouble || v < -types.MaxSafeDouble {
			return "", false
		}
		b, err = json.Marshal(v)
	default:
		return "", false
	}

	return string(b), err == nil
}

// switchboardEqual is the indexable SQL for `k == v`, or ok=false to use FerretDB's own.
func switchboardEqual(p *metadata.Placeholder, k any, v any, operator string) (string, []any, bool) {
	key, isString := k.(string)
	if !isString || operator != "->" {
		return "", nil, false
	}

	val, ok := switchboardValue(v)
	if !ok {
		return "", nil, false
	}

	if key == "_id" {
		return fmt.Sprintf(`%s->'_id' = %s`, metadata.DefaultColumn, p.Next()), []any{val}, true
	}

	name, err := json.Marshal(key)
	if err != nil {
		return "", nil, false
	}

	one, many := p.Next(), p.Next()

	return fmt.Sprintf(`(%[1]s @> %[2]s OR %[1]s @> %[3]s)`, metadata.DefaultColumn, one, many),
		[]any{fmt.Sprintf(`{%s:%s}`, name, val), fmt.Sprintf(`{%s:[%s]}`, name, val)}, true
}

// switchboardIn is `k == v1 OR k == v2 ...` for `{k: {$in: [...]}}` with scalar values.
func switchboardIn(p *metadata.Placeholder, k any, v any, operator string) (string, []any, bool) {
	arr, ok := v.(*types.Array)
	if !ok || arr.Len() == 0 || arr.Len() > 1000 {
		return "", nil, false
	}

	values := make([]any, arr.Len())

	for i := range values {
		e, err := arr.Get(i)
		if err != nil {
			return "", nil, false
		}

		// checked before any placeholder is taken, so a refusal leaves the numbering intact
		if _, ok := switchboardValue(e); !ok {
			return "", nil, false
		}

		values[i] = e
	}

	if _, isString := k.(string); !isString || operator != "->" {
		return "", nil, false
	}

	filters := make([]string, 0, len(values))
	var args []any

	for _, e := range values {
		f, a, _ := switchboardEqual(p, k, e, operator)
		filters = append(filters, f)
		args = append(args, a...)
	}

	return "(" + strings.Join(filters, " OR ") + ")", args, true
}
