package markers

// Form is one of the practice model's four forms of collaboration between partners
// (figure 5), from the lightest to the most intense. A marker may say which one it
// shows; the forms a boundary partner reached per period make its ladder.
type Form string

const (
	// FormNone: the marker does not say (it is optional).
	FormNone Form = ""
	// FormReferring is guiding people to (part of) the integrated offer.
	FormReferring         Form = "referring"
	FormInformation       Form = "information"
	FormAligning          Form = "aligning"
	FormInterprofessional Form = "interprofessional"
)

// Forms lists the forms from the lightest to the most intense: the ladder's steps.
var Forms = []Form{FormReferring, FormInformation, FormAligning, FormInterprofessional}

// Valid reports whether f is a known form or none.
func (f Form) Valid() bool {
	if f == FormNone {
		return true
	}
	for _, x := range Forms {
		if f == x {
			return true
		}
	}
	return false
}

// MessageID is the form's label (the same messages name the example groups).
func (f Form) MessageID() string { return "markers.form." + string(f) }

// formOfExample is the form an example marker stands for, read from its group's label.
func formOfExample(e Example) Form {
	for _, f := range Forms {
		if e.FormID == f.MessageID() {
			return f
		}
	}
	return FormNone
}
