package main

import (
	"errors"

	"github.com/cwfilter/cwfilter/filterpattern"
	"github.com/cwfilter/cwfilter/metricfilter"
)

// errorCode is the AWS exception name carried by a library error.
func errorCode(err error) string {
	var se *filterpattern.SyntaxError
	var ve *metricfilter.ValidationError
	switch {
	case errors.As(err, &se):
		return se.Code
	case errors.As(err, &ve):
		return ve.Code
	}
	return metricfilter.CodeInvalidParameter
}

// renderError formats a library error for people: the AWS exception name and message, and
// for a pattern error its position, the pattern line and a caret.
func renderError(err error) string {
	var se *filterpattern.SyntaxError
	if errors.As(err, &se) {
		return se.Code + ": " + se.Render()
	}
	return errorCode(err) + ": " + err.Error()
}
