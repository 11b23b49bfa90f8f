package harvest

import (
	"time"

	"oogst/locale"
)

// Category is what a code and a barrier are: a named coding category, a global preset
// (PartnershipID nil) or a partnership's own. Code and Barrier embed it and differ only
// in their tables.
type Category struct {
	ID            int64      `gorm:"primaryKey" json:"id"`
	PartnershipID *int64     `json:"partnership_id,omitempty"`
	Key           string     `json:"key"`
	NameNL        string     `gorm:"column:name_nl" json:"name_nl"`
	NameFR        string     `gorm:"column:name_fr" json:"name_fr"`
	NameEN        string     `gorm:"column:name_en" json:"name_en"`
	Position      int        `json:"-"`
	RetiredAt     *time.Time `json:"retired_at,omitempty"`
	CreatedAt     time.Time  `json:"-"`
}

// newCategory is a partnership's own category, placed after the presets.
func newCategory(pid int64, key, nl, fr, en string) Category {
	return Category{PartnershipID: &pid, Key: key, NameNL: nl, NameFR: fr, NameEN: en, Position: 100}
}

// Names is the category's name in every staff language.
func (c Category) Names() locale.Text { return locale.StaffText(c.NameNL, c.NameFR, c.NameEN) }

// Name is the category's name in lang, falling back to Dutch.
func (c Category) Name(lang string) string { return c.Names().In(lang) }

// Preset reports whether the category is a global preset (the soft-effect domains for
// codes, the seed's ten categories for barriers).
func (c Category) Preset() bool { return c.PartnershipID == nil }

// Owner is the partnership the category belongs to (nil for a preset).
func (c Category) Owner() *int64 { return c.PartnershipID }

func (c *Category) setNames(nl, fr, en string) { c.NameNL, c.NameFR, c.NameEN = nl, fr, en }

// category is how the vocabulary's generic rules reach a Code's or Barrier's Category.
func (c *Category) category() *Category { return c }
