// RTCSecurity module.
