package db

// ServeLockCheck lets tests shorten how often a server checks its serve lock.
var ServeLockCheck = &serveLockCheck

// ServeLockKey is the advisory lock restore takes.
const ServeLockKey = serveLockKey
