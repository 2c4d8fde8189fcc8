"""Plain Law: cited, plain-English answers about UK law on AI child-abuse images and sexual deepfakes."""
