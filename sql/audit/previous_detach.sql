DETACH prev
